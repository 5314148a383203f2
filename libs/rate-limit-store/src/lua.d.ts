declare module "*.lua" {
  const script: string;
  // eslint-disable-next-line no-restricted-syntax -- tsup's text loader and the jest transform give a default export
  export default script;
}
