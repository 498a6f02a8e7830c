/** What an empty canvas says: how to start. */
export function EmptyCanvasHint() {
  return (
    <div className="mw-empty-hint" data-testid="empty-canvas-hint">
      <div className="mw-empty-icon" aria-hidden="true">⇩</div>
      <h2>Drop a CSV file here</h2>
      <p>…or drag nodes from the palette on the left. Press <kbd>?</kbd> for shortcuts.</p>
    </div>
  );
}
