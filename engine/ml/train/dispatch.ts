/**
 * The Train node's one entry point: Auto, tree ensembles, or the neural family (network, linear/logistic
 * regression), by `params.model`. Loading a saved model uses it to retrain (refit) any kind.
 */
import { assertNever } from '../../util/assert';
import type { ModelBundle } from '../model';
import { trainAuto, type AutoContext } from './auto';
import { trainModel, type TrainRows } from './fit';
import type { TrainParams } from './params';
import { trainTreeModel } from './tree-estimator';

export function trainAnyModel(table: Parameters<typeof trainModel>[0], params: TrainParams, ctx: AutoContext, rows?: TrainRows): Promise<ModelBundle> {
  switch (params.model) {
    case 'auto':
      return trainAuto(table, params, ctx, rows);
    case 'gradient-boosting':
    case 'random-forest':
      return trainTreeModel(table, params, ctx, rows);
    case 'neural-network':
    case 'linear':
      return trainModel(table, params, ctx, rows);
    default:
      return assertNever(params.model, 'model kind');
  }
}
