import type { Language } from "./language";

/** Whole numbers with the language's grouping (12,345). */
export const wholeNumberFormat = (language: Language) => new Intl.NumberFormat(language);

/** Rates and other figures shown to one decimal at most (2.5, 12, 1,234.6). */
export const oneDecimalFormat = (language: Language) =>
  new Intl.NumberFormat(language, { maximumFractionDigits: 1 });
