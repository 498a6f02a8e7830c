/**
 * The report as it will be exported, drawn into a shadow root: the sanitised HTML (sanitize.ts) with its
 * own stylesheet, isolated from the app's styles both ways. Links in its table of contents scroll within
 * the preview; nothing else in it is a link.
 */
import { memo, useEffect, useRef } from 'react';
import { previewParts } from './sanitize';

function ReportPreviewImpl({ html }: { html: string }) {
  const host = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const element = host.current;
    if (element === null) return undefined;
    // Open, so the preview can be inspected (and tested) like the rest of the page.
    const root = element.shadowRoot ?? element.attachShadow({ mode: 'open' });
    const { css, body } = previewParts(html);
    const style = document.createElement('style');
    style.textContent = css;
    root.replaceChildren(style, document.importNode(body, true));
    const onClick = (event: Event) => {
      const link = event.target instanceof Element ? event.target.closest('a') : null;
      if (link === null) return;
      event.preventDefault();
      const target = link.getAttribute('href');
      if (target?.startsWith('#') === true) root.getElementById(target.slice(1))?.scrollIntoView({ behavior: 'smooth', block: 'start' });
    };
    root.addEventListener('click', onClick);
    element.scrollTop = 0;
    return () => root.removeEventListener('click', onClick);
  }, [html]);

  return <div ref={host} className="mw-report-preview" data-testid="report-preview" />;
}

export const ReportPreview = memo(ReportPreviewImpl);
