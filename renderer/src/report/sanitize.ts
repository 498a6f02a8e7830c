/**
 * Making the report's HTML safe to show inside the app. The engine renders it self-contained, script-free
 * and with every user string escaped (engine/report/html.ts), but the preview is still treated as
 * untrusted markup: it is parsed inert (DOMParser runs nothing), then every element that could run code,
 * load something or submit anything is removed, and so is every event-handler attribute and every link
 * that leaves the document. What remains goes into a shadow root (ReportPreview.tsx), so the report's
 * stylesheet and the app's never touch each other, with no iframe (the app's CSP allows none).
 */

/** The part of a DOM Element the sanitiser uses (a real Element fits; tests pass a parse5 tree). */
export interface CleanableElement {
  readonly localName: string;
  readonly attributes: ArrayLike<{ readonly name: string; readonly value: string }>;
  readonly children: ArrayLike<CleanableElement>;
  removeAttribute(name: string): void;
  remove(): void;
}

/** Elements that run code, embed other documents, load resources, submit forms or change the page's base. */
const DROPPED = new Set([
  'script', 'noscript', 'template', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'portal', 'fencedframe',
  'link', 'meta', 'base', 'form', 'input', 'button', 'textarea', 'select', 'option', 'dialog',
  'audio', 'video', 'source', 'track', 'picture',
  // SVG: HTML inside an SVG, and animations that can rewrite a link's target.
  'foreignobject', 'animate', 'animatemotion', 'animatetransform', 'set', 'discard', 'handler', 'listener',
]);

/** Attributes whose value is a URL: only a jump within the document (`#…`) is kept. */
const URL_ATTRIBUTES = new Set(['href', 'xlink:href', 'src', 'srcset', 'action', 'formaction', 'ping', 'background', 'poster', 'data', 'codebase', 'cite', 'longdesc', 'manifest', 'lowsrc', 'dynsrc']);

/** A `url(…)` in an inline style that is not a reference into the document (`url(#gradient)`). */
const OUTSIDE_URL = /url\(\s*(?!['"]?#)/i;

function isInDocument(value: string): boolean {
  return value.trim().startsWith('#');
}

/** Removes, in place, everything under `root` that could run code or reach outside the document. */
export function sanitizeTree(root: CleanableElement): void {
  for (const child of Array.from(root.children)) {
    if (DROPPED.has(child.localName.toLowerCase())) {
      child.remove();
      continue;
    }
    for (const { name, value } of Array.from(child.attributes)) {
      const lower = name.toLowerCase();
      if (lower.startsWith('on') || lower === 'formaction' || lower === 'srcdoc') child.removeAttribute(name);
      else if (URL_ATTRIBUTES.has(lower) || lower.endsWith(':href')) {
        if (!isInDocument(value)) child.removeAttribute(name);
      } else if (lower === 'style' && OUTSIDE_URL.test(value)) child.removeAttribute(name);
    }
    sanitizeTree(child);
  }
}

/**
 * The report's stylesheet for a shadow root: `:root` and `html` become `:host`, `body` becomes the wrapper
 * the preview puts the report in (`.mw-report-doc`). Only selectors change; declarations stay as they are.
 */
export function adaptReportCss(css: string): string {
  return css.replace(/(^|[\s,{}>+~(])(:root|html|body)(?=[\s,{.:#[>+~)])/g, (_m, before: string, selector: string) => `${before}${selector === 'body' ? '.mw-report-doc' : ':host'}`);
}

export interface PreviewParts {
  /** The report's stylesheet, adapted for a shadow root. */
  readonly css: string;
  /** The report's body, sanitised, inside a `div.mw-report-doc` (not yet in the page). */
  readonly body: HTMLElement;
}

/** Parses the report inert, sanitises it and splits it into its stylesheet and its body. */
export function previewParts(html: string, parser: DOMParser = new DOMParser()): PreviewParts {
  const doc = parser.parseFromString(html, 'text/html');
  const styles = Array.from(doc.querySelectorAll('style'));
  const css = styles.map((style) => style.textContent).join('\n');
  for (const style of styles) style.remove();
  sanitizeTree(doc.documentElement);
  const body = doc.createElement('div');
  body.className = 'mw-report-doc';
  body.append(...Array.from(doc.body.childNodes));
  return { css: adaptReportCss(css), body };
}
