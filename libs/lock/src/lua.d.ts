declare module "*.lua" {
  const source: string;
  // eslint-disable-next-line no-restricted-syntax -- tsup's text loader exposes a .lua file as its default export
  export default source;
}
