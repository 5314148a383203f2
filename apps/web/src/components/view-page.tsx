import type { ComponentChildren } from "preact";
import { useTitle } from "../hooks/use-title";

export interface ViewPageProps {
  /** The view's one `h1`, also the tab's title; it takes the focus after navigation. */
  title: string;
  /** Shown above the heading (e.g. a link back). */
  lead?: ComponentChildren;
  children?: ComponentChildren;
}

/** The frame of every view: a section named by its `h1`, and the tab's title. */
export function ViewPage({ title, lead, children }: ViewPageProps) {
  useTitle(title);
  return (
    <section aria-labelledby="view-title">
      {lead}
      <h1 id="view-title" tabIndex={-1}>
        {title}
      </h1>
      {children}
    </section>
  );
}
