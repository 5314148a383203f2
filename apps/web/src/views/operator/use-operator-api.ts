import { useMemo, useRef } from "preact/hooks";
import { useApp } from "../../app-context";
import { createOperatorApi, type OperatorApi } from "./live-api";

/** The operator's calls, signed with the current session's token while it has not expired. */
export function useOperatorApi(): OperatorApi {
  const { session } = useApp();
  const current = useRef(session);
  current.current = session;
  return useMemo(
    () =>
      createOperatorApi({
        token: () => {
          const signedIn = current.current;
          return signedIn && Date.parse(signedIn.expiresAt) > Date.now() ? signedIn.token : null;
        },
      }),
    [],
  );
}
