import { useState } from "preact/hooks";
import { ApiProblem } from "../api/problem";
import type { Session } from "../api/types";
import { useApp } from "../app-context";
import { ViewPage } from "../components/view-page";
import { useOutcome } from "../hooks/use-outcome";
import { hrefOf } from "../router";
import { sessionFromToken } from "../session/session";

/**
 * Development sign-in (a name typed here becomes the user id; the API offers it only when it signs with its
 * development secret and NODE_ENV is not production), and sign-in with a bearer token from an identity provider.
 */
export function SignIn({ next }: { next?: string | undefined }) {
  const { api, t, setSession } = useApp();
  const [name, setName] = useState("");
  const [operator, setOperator] = useState(false);
  const [token, setToken] = useState("");
  const [busy, setBusy] = useState(false);
  const outcome = useOutcome();

  const finish = (session: Session) => {
    setSession(session);
    location.hash =
      next ?? (session.role === "admin" ? hrefOf({ name: "operator" }) : hrefOf({ name: "events" }));
  };

  const devSignIn = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    try {
      finish(await api.devSignIn({ name: name.trim(), role: operator ? "admin" : "user" }));
    } catch (error) {
      outcome.fail(error instanceof ApiProblem && error.code === "E_NOT_FOUND" ? t("signIn.devOff") : error);
    } finally {
      setBusy(false);
    }
  };
  const tokenSignIn = (e: Event) => {
    e.preventDefault();
    const session = sessionFromToken(token);
    if (session) finish(session);
    else outcome.fail(t("signIn.badToken"));
  };

  return (
    <ViewPage title={t("signIn.title")}>
      {outcome.notice}
      <form class="stack" onSubmit={devSignIn} aria-labelledby="dev-title" aria-describedby="dev-hint">
        <h2 id="dev-title">{t("signIn.devTitle")}</h2>
        <p id="dev-hint" class="muted">
          {t("signIn.devHint")}
        </p>
        <label for="sign-in-name">{t("signIn.name")}</label>
        <input
          id="sign-in-name"
          name="name"
          autocomplete="username"
          required
          maxLength={128}
          value={name}
          onInput={(e) => setName(e.currentTarget.value)}
        />
        <label class="check">
          <input type="checkbox" checked={operator} onChange={(e) => setOperator(e.currentTarget.checked)} />
          {t("signIn.operator")}
        </label>
        <button type="submit" class="primary" disabled={busy} aria-busy={busy}>
          {t("signIn.submit")}
        </button>
      </form>
      <form class="stack" onSubmit={tokenSignIn} aria-labelledby="token-title" aria-describedby="token-hint">
        <h2 id="token-title">{t("signIn.tokenTitle")}</h2>
        <p id="token-hint" class="muted">
          {t("signIn.tokenHint")}
        </p>
        <label for="sign-in-token">{t("signIn.token")}</label>
        <textarea
          id="sign-in-token"
          rows={3}
          required
          spellcheck={false}
          value={token}
          onInput={(e) => setToken(e.currentTarget.value)}
        />
        <button type="submit">{t("signIn.useToken")}</button>
      </form>
    </ViewPage>
  );
}
