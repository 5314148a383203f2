import { createContext } from "preact";
import { useContext } from "preact/hooks";
import type { ApiClient } from "./api/client";
import type { Session } from "./api/types";
import type { Language } from "./i18n/language";
import type { MessageKey, MessageParams } from "./i18n/messages";

/** What every view reads: the API client, the signed-in user, and the language with its formatters. */
export interface AppContextValue {
  api: ApiClient;
  session: Session | null;
  setSession(session: Session | null): void;
  language: Language;
  setLanguage(language: Language): void;
  t(key: MessageKey, params?: MessageParams): string;
  /** A refusal or failure as a sentence in the current language. */
  describe(error: unknown): string;
  formatDate(iso: string): string;
  formatTime(date: Date): string;
  formatNumber(value: number): string;
  /** A rate or other figure to one decimal at most. */
  formatDecimal(value: number): string;
}

export const AppContext = createContext<AppContextValue | null>(null);

export function useApp(): AppContextValue {
  const value = useContext(AppContext);
  if (!value) throw new Error("useApp() outside <AppContext.Provider>");
  return value;
}
