/** The pass/fail badge of a Threshold Gate node on the canvas (see gate.ts). */
import type { ErrorInfo } from '../../../engine/errors';
import type { DisplayStatus } from '../canvas/status';
import { gateVerdict } from './gate';
import './runs.css';

export function GateVerdictBadge({ nodeId, kind, status, error }: { nodeId: string; kind: string; status: DisplayStatus; error: ErrorInfo | undefined }) {
  const verdict = gateVerdict(kind, status, error);
  if (verdict === null) return null;
  return (
    <div className={`mw-gate-verdict ${verdict.passed ? 'mw-gate-pass' : 'mw-gate-fail'}`} data-testid={`gate-verdict-${nodeId}`} data-passed={verdict.passed}>
      <span className="mw-gate-mark" aria-hidden="true">{verdict.passed ? '✓' : '✗'}</span>
      {verdict.passed ? 'Gate passed' : `Gate failed${verdict.failed.length === 0 ? '' : `: ${verdict.failed.join('; ')}`}`}
    </div>
  );
}
