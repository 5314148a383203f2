import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { createApiClient } from "./api/client";
import type { Session } from "./api/types";
import { AppContext, useApp, type AppContextValue } from "./app-context";
import { LanguageSwitch } from "./components/language-switch";
import { useRoute } from "./hooks/use-route";
import { initialLanguage, rememberLanguage, type Language } from "./i18n/language";
import { translate } from "./i18n/messages";
import { oneDecimalFormat, wholeNumberFormat } from "./i18n/number-format";
import { describeProblem } from "./i18n/problems";
import { hrefOf, type Route } from "./router";
import { loadSession, saveSession } from "./session/session";
import { browserStorage } from "./storage";
import { EventDetail } from "./views/event-detail";
import { EventList } from "./views/event-list";
import { MyReservations } from "./views/my-reservations";
import { NotFound } from "./views/not-found";
import { OperatorView } from "./views/operator/operator-view";
import { SignIn } from "./views/sign-in";

const local = browserStorage("local");
const perTab = browserStorage("session");

/** The page: header (navigation, who is signed in, language), the current view, and the focus moved on navigation. */
export function App() {
  const [language, setLanguage] = useState<Language>(() => initialLanguage(local, navigator.languages));
  const [session, setSession] = useState<Session | null>(() => loadSession(perTab));
  const current = useRef(session);
  current.current = session;
  const route = useRoute();

  const api = useMemo(
    () =>
      createApiClient({
        token: () => {
          const signedIn = current.current;
          if (signedIn && Date.parse(signedIn.expiresAt) <= Date.now()) return null;
          return signedIn?.token ?? null;
        },
      }),
    [],
  );

  const context = useMemo<AppContextValue>(() => {
    const dates = new Intl.DateTimeFormat(language, { dateStyle: "medium", timeStyle: "short" });
    const times = new Intl.DateTimeFormat(language, { timeStyle: "medium" });
    const numbers = wholeNumberFormat(language);
    const decimals = oneDecimalFormat(language);
    return {
      api,
      session,
      setSession: (next) => {
        saveSession(perTab, next);
        setSession(next);
      },
      language,
      setLanguage: (next) => {
        rememberLanguage(local, next);
        setLanguage(next);
      },
      t: (key, params) => translate(language, key, params),
      describe: (error) => describeProblem(language, error),
      formatDate: (iso) => dates.format(new Date(iso)),
      formatTime: (date) => times.format(date),
      formatNumber: (value) => numbers.format(value),
      formatDecimal: (value) => decimals.format(value),
    };
  }, [api, session, language]);

  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  useFocusOnNavigation(route);

  return (
    <AppContext.Provider value={context}>
      <Header route={route} />
      <main id="main" tabIndex={-1}>
        <View route={route} />
      </main>
      <footer>
        <a href="/api/docs">{context.t("footer.docs")}</a>
      </footer>
    </AppContext.Provider>
  );
}

function View({ route }: { route: Route }) {
  switch (route.name) {
    case "events":
      return <EventList />;
    case "event":
      return <EventDetail key={route.id} id={route.id} />;
    case "mine":
      return <MyReservations />;
    case "signIn":
      return <SignIn next={route.next} />;
    case "operator":
      return <OperatorView />;
    case "notFound":
      return <NotFound />;
  }
}

function Header({ route }: { route: Route }) {
  const { t, session, setSession } = useApp();
  const link = (target: Route, label: string) => (
    <li>
      <a href={hrefOf(target)} aria-current={target.name === route.name ? "page" : undefined}>
        {label}
      </a>
    </li>
  );
  return (
    <header>
      <a
        class="skip-link"
        href="#main"
        onClick={(e) => {
          // the fragment names views: move the focus without navigating
          e.preventDefault();
          document.getElementById("main")?.focus();
        }}
      >
        {t("app.skip")}
      </a>
      <div class="header-bar">
        <a class="brand" href={hrefOf({ name: "events" })}>
          {t("app.title")}
        </a>
        <LanguageSwitch />
      </div>
      <nav aria-label={t("nav.label")}>
        <ul>
          {link({ name: "events" }, t("nav.events"))}
          {link({ name: "mine" }, t("nav.mine"))}
          {session?.role === "admin" && link({ name: "operator" }, t("nav.operator"))}
          {!session && link({ name: "signIn" }, t("nav.signIn"))}
        </ul>
        {session && (
          <p class="who">
            <span>{t("nav.signedInAs", { name: session.userId })}</span>{" "}
            <button
              type="button"
              onClick={() => {
                setSession(null);
                location.hash = hrefOf({ name: "events" });
              }}
            >
              {t("nav.signOut")}
            </button>
          </p>
        )}
      </nav>
    </header>
  );
}

/** After the first view, each navigation puts the focus on the new view's heading (as a page load would). */
function useFocusOnNavigation(route: Route): void {
  const first = useRef(true);
  const key = JSON.stringify(route);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    document.querySelector<HTMLElement>("#main h1")?.focus();
  }, [key]);
}
