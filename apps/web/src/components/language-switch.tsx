import { useApp } from "../app-context";
import { LANGUAGE_NAMES, LANGUAGES } from "../i18n/language";

/** Two buttons, each named in its own language; the current one is pressed. */
export function LanguageSwitch() {
  const { language, setLanguage, t } = useApp();
  return (
    <div class="language-switch" role="group" aria-label={t("language.label")}>
      {LANGUAGES.map((option) => (
        <button
          key={option}
          type="button"
          lang={option}
          aria-pressed={option === language}
          onClick={() => setLanguage(option)}
        >
          {LANGUAGE_NAMES[option]}
        </button>
      ))}
    </div>
  );
}
