/**
 * The parser's vocabulary: filler words, nouns that mean "rows", a small generic synonym list for
 * column names, and the cue phrases that signal what kind of question is being asked.
 * Kept deliberately generic (no dataset-specific words): cost ↔ price, size ↔ area/sqft, …
 */
import type { Aggregate, ModelKind, ModelTopic } from './intent';
import type { ComparisonSign } from './text';

/** Words that carry no column meaning on their own. */
export const STOPWORDS = new Set([
  'a', 'an', 'the', 'of', 'for', 'in', 'on', 'at', 'to', 'is', 'are', 'was', 'were', 'be', 'been', 'being', 'am',
  'what', 'which', 'who', 'whom', 'whose', 'how', 'do', 'does', 'did', 'done', 'me', 'show', 'give', 'tell', 'list',
  'find', 'get', 'please', 'i', 'we', 'you', 'it', 'its', 'there', 'that', 'this', 'these', 'those', 'and', 'or',
  'all', 'any', 'some', 'can', 'could', 'would', 'should', 'will', 'shall', 'may', 'might', 'my', 'our', 'your',
  'their', 'them', 'they', 'as', 'than', 'then', 'about', 'into', 'so', 'just', 'also', 'us', 'let', 'want',
  'like', 'know', 'see', 'display', 'compute', 'calculate', 'data', 'dataset', 'table', 'values', 'each',
  'every', 'here', 'now', 'where', 'why', 'whether', 'if', 'only', 'both', 'either', 'up', 'out', 'own',
  'typically', 'usually', 'generally', 'overall', 'across', 'look', 'looks', 'kindly', 'thanks', 'thank', 'hi',
  'hello', 'hey', 'using', 'use', 'with', 'from', 'by', 'per', 'via', 'one', 'ones', 'thing', 'things', 'stuff',
  'have', 'has', 'had', 'having', 'whole', 'entire', 'set', 'new', 'column', 'columns', 'field', 'fields',
  'variable', 'variables', 'attribute', 'attributes', 'feature', 'features', 'in', 'inside', 'within', 'make',
  'made', 'not', 'no', 'yes', 'step', 'steps', 'stage', 'rate', 'level', 'number', 'numbers', 'be', 'go', 'goes', 'get', 'got', 'into',
]);

/** Synonyms too vague to beat a column named outright ("average value of sqft" is about sqft). */
export const WEAK_SYNONYMS = new Set(['value', 'amount', 'worth', 'time', 'day', 'when', 'group', 'type', 'kind', 'category', 'label', 'class']);

/** Nouns that stand for "rows" ("how many houses", "the 5 cheapest flowers"). Singular forms. */
export const ROW_NOUNS = new Set([
  'row', 'record', 'entry', 'item', 'sample', 'observation', 'case', 'instance', 'example', 'line', 'point',
  'house', 'home', 'property', 'flat', 'apartment', 'flower', 'plant', 'wine', 'bottle', 'patient', 'people',
  'person', 'customer', 'user', 'client', 'tumor', 'tumour', 'cell', 'product', 'order', 'transaction', 'car',
  'employee', 'student', 'listing', 'specimen', 'subject', 'individual', 'one',
]);

/**
 * Synonym groups: a question word in a group matches a column whose name has a word of the same group.
 * Multi-word entries are matched as phrases ("square feet", "blood pressure").
 */
export const CONCEPTS: Readonly<Record<string, readonly string[]>> = {
  price: ['price', 'cost', 'value', 'worth', 'amount', 'expensive', 'cheap', 'pricey', 'costly', 'dollar', 'sale', 'sell', 'sold', 'charge', 'fee'],
  size: ['size', 'area', 'sqft', 'square feet', 'square foot', 'square footage', 'sq ft', 'footage', 'big', 'large', 'small', 'space', 'surface'],
  age: ['age', 'old', 'young', 'new', 'years old'],
  bedroom: ['bedroom', 'bed', 'room', 'br'],
  bathroom: ['bathroom', 'bath', 'ba'],
  sex: ['sex', 'gender'],
  class: ['class', 'kind', 'type', 'category', 'label', 'species', 'variety', 'cultivar', 'diagnosis', 'outcome', 'group'],
  place: ['city', 'town', 'location', 'place', 'neighbourhood', 'neighborhood', 'region', 'district', 'area name'],
  bp: ['bp', 'blood pressure'],
  bmi: ['bmi', 'body mass index'],
  date: ['date', 'listed', 'listing date', 'day', 'time', 'when'],
  length: ['length', 'long', 'short'],
  width: ['width', 'wide', 'narrow', 'broad'],
  height: ['height', 'tall'],
  weight: ['weight', 'heavy', 'light', 'mass'],
  color: ['color', 'colour'],
  income: ['income', 'salary', 'wage', 'earning', 'pay'],
  quantity: ['quantity', 'qty', 'count', 'units'],
};

/** Words in column names that are units; a column is fully named without them ("sepal length" = sepal_length_cm). */
export const UNIT_WORDS = new Set(['cm', 'mm', 'm', 'km', 'kg', 'g', 'lb', 'lbs', 'in', 'ft', 'year', 'years', 'yr', 'yrs', 'usd', 'eur', 'pct', 'percent', 'num', 'no', 'nr', 'of', 'the', 'and']);

/** Category values too common as English words to be recognised on their own ("no", "yes"). */
export const COMMON_VALUES = new Set(['yes', 'no', 'y', 'n', 'true', 'false', 't', 'f', 'none', 'other', 'unknown', 'na', 'all', 'a', 'an', 'the', 'is', 'in', 'on', 'of', 'to', 'it', 'high', 'low', 'new', 'old']);

export const TRUE_WORDS = new Set(['yes', 'y', 'true', 't', '1', 'present', 'on']);
export const FALSE_WORDS = new Set(['no', 'n', 'false', 'f', '0', 'absent', 'off', 'none']);

// ── Cues ───────────────────────────────────────────────────────────────────────────────────────

export type Dir = 1 | -1;

export type Cue =
  | { tag: 'how-many' }
  | { tag: 'agg'; agg: Aggregate }
  | { tag: 'mode'; dir: Dir }
  | { tag: 'group' }
  | { tag: 'top'; dir: Dir }
  | { tag: 'sup'; dir: Dir; concept?: string }
  | { tag: 'cmp'; op: ComparisonSign; concept?: string; date?: boolean }
  | { tag: 'between' }
  | { tag: 'not' }
  | { tag: 'corr' }
  | { tag: 'dist' }
  | { tag: 'compare' }
  | { tag: 'with'; positive: boolean }
  | { tag: 'is-missing'; present: boolean }
  | { tag: 'where' }
  | { tag: 'show' }
  | { tag: 'predict' }
  | { tag: 'classify' }
  | { tag: 'build' }
  | { tag: 'from' }
  | { tag: 'all-columns' }
  | { tag: 'except' }
  | { tag: 'model-kind'; modelKind: ModelKind }
  | { tag: 'hidden-layers' }
  | { tag: 'units' }
  | { tag: 'impute' }
  | { tag: 'strategy-mode' }
  | { tag: 'split' }
  | { tag: 'part'; part: 'train' | 'validation' | 'test' }
  | { tag: 'epochs' }
  | { tag: 'learning-rate' }
  | { tag: 'batch-size' }
  | { tag: 'scale'; method: 'standard' | 'min-max' | 'robust' }
  | { tag: 'encode'; method: 'one-hot' | 'ordinal' }
  | { tag: 'ignore' }
  | { tag: 'keep-rows' }
  | { tag: 'remove-rows' }
  | { tag: 'add' }
  | { tag: 'evaluate' }
  | { tag: 'explain' }
  | { tag: 'model-topic'; topic: ModelTopic; metric?: string }
  | { tag: 'model' }
  | { tag: 'would' }
  | { tag: 'what-if' }
  | { tag: 'task'; task: 'classification' | 'regression' }
  | { tag: 'built'; op: ComparisonSign }
  | { tag: 'target' }
  | { tag: 'comparative'; dir: Dir; concept?: string };

/**
 * Cue phrases, tried longest first at every position (ties: earlier in this list wins).
 * Syntax: slots separated by spaces; a slot is one word or single-word choices `a|b|c`; a trailing `?`
 * makes the slot optional. Words of five letters or more also match with a typo.
 */
export const CUE_PHRASES: readonly (readonly [string, Cue])[] = [
  // Model questions
  ['how accurate|precise', { tag: 'model-topic', topic: 'accuracy' }],
  ['accuracy|accurate|performance|perform|performing|performs|score|scores', { tag: 'model-topic', topic: 'accuracy' }],
  ['how good|well', { tag: 'model-topic', topic: 'accuracy' }],
  ['r2|r²|rsquared', { tag: 'model-topic', topic: 'accuracy', metric: 'r2' }],
  ['r squared', { tag: 'model-topic', topic: 'accuracy', metric: 'r2' }],
  ['rmse', { tag: 'model-topic', topic: 'accuracy', metric: 'rmse' }],
  ['mae', { tag: 'model-topic', topic: 'accuracy', metric: 'mae' }],
  ['auc|roc', { tag: 'model-topic', topic: 'accuracy', metric: 'auc' }],
  ['f1|f1score', { tag: 'model-topic', topic: 'accuracy', metric: 'f1' }],
  ['f1 score', { tag: 'model-topic', topic: 'accuracy', metric: 'f1' }],
  ['precision', { tag: 'model-topic', topic: 'accuracy', metric: 'precision' }],
  ['recall', { tag: 'model-topic', topic: 'accuracy', metric: 'recall' }],
  ['error rate', { tag: 'model-topic', topic: 'accuracy', metric: 'accuracy' }],
  ['feature|features|variable|variables|column|columns|input|inputs|factor|factors|predictor|predictors matter|matters most?', { tag: 'model-topic', topic: 'importance' }],
  ['feature|features|variable|variables|column|columns|input|inputs|factor|factors|predictor|predictors are|is most? important|influential', { tag: 'model-topic', topic: 'importance' }],
  ['what|which matters|matter most?', { tag: 'model-topic', topic: 'importance' }],
  ['important|importance|influential|importances', { tag: 'model-topic', topic: 'importance' }],
  ['drives|drive|influences|influence|affects|affect|determines|determine|explains', { tag: 'model-topic', topic: 'importance' }],
  ['biggest|strongest|key|main predictor|predictors|driver|drivers|factor|factors', { tag: 'model-topic', topic: 'importance' }],
  ['confusion matrix|table', { tag: 'model-topic', topic: 'confusion' }],
  ['confusion', { tag: 'model-topic', topic: 'confusion' }],
  ['confuse|confuses|confused|confusing|mix|mixes|mixing up?', { tag: 'model-topic', topic: 'confusion' }],
  ['biggest|largest|worst|greatest|main|most mistakes|mistake|errors|error|misses|residuals', { tag: 'model-topic', topic: 'biggest-errors' }],
  ['worst|wrongest predictions|prediction|predicted', { tag: 'model-topic', topic: 'biggest-errors' }],
  ['where|when does|do|is it|the model? go? wrong|fail|fails|err|mistaken', { tag: 'model-topic', topic: 'biggest-errors' }],
  ['misclassified|misclassifies|misclassification|misclassifications|mispredicted', { tag: 'model-topic', topic: 'biggest-errors' }],
  ['get|gets|got wrong', { tag: 'model-topic', topic: 'biggest-errors' }],
  ['overfitting|overfit|overfits|overfitted|overtrained|overtraining|memorising|memorizing', { tag: 'model-topic', topic: 'overfitting' }],
  ['over fitting|fit|fitted|fits|trained|training', { tag: 'model-topic', topic: 'overfitting' }],
  ['generalise|generalize|generalises|generalizes|generalising|generalizing|generalisation|generalization', { tag: 'model-topic', topic: 'overfitting' }],

  // Building
  ['predict|predicts|predicting|forecast|forecasts|forecasting|estimate|estimates|estimating|regress', { tag: 'predict' }],
  ['prediction|predictions|forecast|estimate of|for', { tag: 'predict' }],
  ['classify|classifies|classifying', { tag: 'classify' }],
  ['classification of', { tag: 'classify' }],
  ['build|train|make|create|fit|design|construct a|an|me', { tag: 'build' }],
  ['set up a|an', { tag: 'build' }],
  ['the? model|models|classifier|regressor|network|predictor', { tag: 'model' }],
  ['from|using|given', { tag: 'from' }],
  ['based on', { tag: 'from' }],
  ['as a function of', { tag: 'from' }],
  ['in terms of', { tag: 'from' }],
  ['all|every the? other? columns|features|variables|fields|inputs|attributes|predictors', { tag: 'all-columns' }],
  ['everything|anything else?', { tag: 'all-columns' }],
  ['all the? rest|others', { tag: 'all-columns' }],
  ['except|excluding|besides|but', { tag: 'except' }],
  ['apart from', { tag: 'except' }],
  ['other than', { tag: 'except' }],
  ['neural network|net|networks|nets', { tag: 'model-kind', modelKind: 'neural-network' }],
  ['nn|mlp|perceptron', { tag: 'model-kind', modelKind: 'neural-network' }],
  ['multilayer|multi perceptron', { tag: 'model-kind', modelKind: 'neural-network' }],
  ['multi layer perceptron', { tag: 'model-kind', modelKind: 'neural-network' }],
  ['deep learning|network|net|model', { tag: 'model-kind', modelKind: 'neural-network' }],
  ['linear regression|model|regressor', { tag: 'model-kind', modelKind: 'linear' }],
  ['logistic regression|model|classifier', { tag: 'model-kind', modelKind: 'logistic' }],
  ['random forest|forests', { tag: 'model-kind', modelKind: 'random-forest' }],
  ['gradient boosting|boosted', { tag: 'model-kind', modelKind: 'gradient-boosting' }],
  ['gradient boosted trees|tree', { tag: 'model-kind', modelKind: 'gradient-boosting' }],
  ['boosted trees|tree', { tag: 'model-kind', modelKind: 'gradient-boosting' }],
  ['xgboost|gbm|lightgbm|boosting', { tag: 'model-kind', modelKind: 'gradient-boosting' }],
  ['hidden layers|layer', { tag: 'hidden-layers' }],
  ['layers|layer', { tag: 'hidden-layers' }],
  ['units|neurons|nodes|unit|neuron|node', { tag: 'units' }],
  ['as a|an? classification problem|task?', { tag: 'task', task: 'classification' }],
  ['as a|an? regression problem|task?', { tag: 'task', task: 'regression' }],
  ['target|label|outcome', { tag: 'target' }],

  // Graph edits
  ['impute|imputes|imputation|fill|fills|filling|replace|replaces|replacing|substitute', { tag: 'impute' }],
  ['deal|deals with', { tag: 'impute' }],
  ['split|splits|splitting|partition|divide', { tag: 'split' }],
  ['hold|holding|set|keep|put out|aside|apart|back', { tag: 'split' }],
  ['holdout', { tag: 'split' }],
  ['for|as? training|train', { tag: 'part', part: 'train' }],
  ['for|as? testing|test', { tag: 'part', part: 'test' }],
  ['for|as? validation|validating|val', { tag: 'part', part: 'validation' }],
  ['epochs|epoch|iterations|passes', { tag: 'epochs' }],
  ['learning rate', { tag: 'learning-rate' }],
  ['step size', { tag: 'learning-rate' }],
  ['lr', { tag: 'learning-rate' }],
  ['batch size', { tag: 'batch-size' }],
  ['batches of', { tag: 'batch-size' }],
  ['standardise|standardize|standardised|standardized|standardisation|standardization|zscore', { tag: 'scale', method: 'standard' }],
  ['z score|scores', { tag: 'scale', method: 'standard' }],
  ['min|minmax max? scaling|scale|scaler|normalization|normalisation', { tag: 'scale', method: 'min-max' }],
  ['normalise|normalize|normalised|normalized|normalisation|normalization', { tag: 'scale', method: 'min-max' }],
  ['robust scaling|scale|scaler', { tag: 'scale', method: 'robust' }],
  ['scale|scales|scaling|rescale|rescaling', { tag: 'scale', method: 'standard' }],
  ['one hot encode|encoding|encoded|encoder?', { tag: 'encode', method: 'one-hot' }],
  ['onehot encode|encoding|encoded|encoder?', { tag: 'encode', method: 'one-hot' }],
  ['dummy variables|encoding|columns', { tag: 'encode', method: 'one-hot' }],
  ['dummies', { tag: 'encode', method: 'one-hot' }],
  ['ordinal encode|encoding|encoded|encoder?', { tag: 'encode', method: 'ordinal' }],
  ['label encode|encoding|encoded', { tag: 'encode', method: 'ordinal' }],
  ['encode|encoding|encodes', { tag: 'encode', method: 'one-hot' }],
  ['ignore|drop|exclude|remove|discard|skip', { tag: 'ignore' }],
  ['leave out', { tag: 'ignore' }],
  ['do|dont not|never use|include', { tag: 'ignore' }],
  ['only keep|retain|use|include', { tag: 'keep-rows' }],
  ['keep|retain only|just', { tag: 'keep-rows' }],
  ['filter to|on?', { tag: 'keep-rows' }],
  ['filter the? rows|data', { tag: 'keep-rows' }],
  ['remove|drop|delete|exclude|discard the? rows|row|records|record|entries|houses', { tag: 'remove-rows' }],
  ['filter out', { tag: 'remove-rows' }],
  ['add|insert|append|include', { tag: 'add' }],
  ['put in', { tag: 'add' }],
  ['evaluate|evaluation|evaluator', { tag: 'evaluate' }],
  ['explain|explanation|explainer|interpret', { tag: 'explain' }],

  // What-if
  ['what would|will|could|might', { tag: 'what-if' }],
  ['what if', { tag: 'what-if' }],
  ['suppose|imagine|assuming|assume', { tag: 'what-if' }],
  ['how much would|will|could|might|should', { tag: 'what-if' }],
  ['how much is|does a|an', { tag: 'what-if' }],
  ['would|will it? cost|be|sell|fetch|go', { tag: 'would' }],
  ['predicted|expected|estimated', { tag: 'would' }],

  // Data questions
  ['how many|much different|distinct|unique', { tag: 'agg', agg: 'distinct' }],
  ['number of different|distinct|unique', { tag: 'agg', agg: 'distinct' }],
  ['how many|often', { tag: 'how-many' }],
  ['number of', { tag: 'how-many' }],
  ['count of', { tag: 'how-many' }],
  ['fraction|share|proportion|percentage|percent of', { tag: 'how-many' }],
  ['total number of', { tag: 'how-many' }],
  ['count|counts|tally', { tag: 'how-many' }],
  ['average|avg|mean|averages|means|avarage', { tag: 'agg', agg: 'mean' }],
  ['on average', { tag: 'agg', agg: 'mean' }],
  ['typical|usual|normal', { tag: 'agg', agg: 'mean' }],
  ['median|medians', { tag: 'agg', agg: 'median' }],
  ['sum|total|sums|totals|summed|combined', { tag: 'agg', agg: 'sum' }],
  ['sum of', { tag: 'agg', agg: 'sum' }],
  ['in total', { tag: 'agg', agg: 'sum' }],
  ['altogether', { tag: 'agg', agg: 'sum' }],
  ['minimum|min|minimal', { tag: 'agg', agg: 'min' }],
  ['maximum|max|maximal', { tag: 'agg', agg: 'max' }],
  ['distinct|unique|possible|different values|categories|levels|options|kinds|types', { tag: 'agg', agg: 'distinct' }],
  ['distinct|unique', { tag: 'agg', agg: 'distinct' }],
  ['categories|levels of', { tag: 'agg', agg: 'distinct' }],
  ['missing|null|nulls|nan|nans|blank|blanks|empty|na values|value|entries|cells|data', { tag: 'agg', agg: 'missing' }],
  ['missing|nulls|null|nan|nans|blanks|blank', { tag: 'agg', agg: 'missing' }],
  ['is|are missing|null|empty|blank|unknown', { tag: 'is-missing', present: false }],
  ['is|are not missing|null|empty|blank', { tag: 'is-missing', present: true }],
  ['is|are known|present|filled|recorded', { tag: 'is-missing', present: true }],
  ['most common|frequent|popular|usual', { tag: 'mode', dir: 1 }],
  ['least common|frequent|popular', { tag: 'mode', dir: -1 }],
  ['mode', { tag: 'mode', dir: 1 }],
  ['rarest', { tag: 'mode', dir: -1 }],
  ['group|grouped|broken|split|break|broke down? by', { tag: 'group' }],
  ['for|in|of|by each|every', { tag: 'group' }],
  ['by|per|across|among', { tag: 'group' }],
  ['top', { tag: 'top', dir: 1 }],
  ['bottom', { tag: 'top', dir: -1 }],
  ['most expensive|pricey|costly', { tag: 'sup', dir: 1, concept: 'price' }],
  ['least expensive|pricey|costly', { tag: 'sup', dir: -1, concept: 'price' }],
  ['priciest|costliest|dearest', { tag: 'sup', dir: 1, concept: 'price' }],
  ['cheapest', { tag: 'sup', dir: -1, concept: 'price' }],
  ['largest|biggest', { tag: 'sup', dir: 1, concept: 'size' }],
  ['smallest|tiniest', { tag: 'sup', dir: -1, concept: 'size' }],
  ['oldest', { tag: 'sup', dir: 1, concept: 'age' }],
  ['newest|youngest', { tag: 'sup', dir: -1, concept: 'age' }],
  ['most recent|recently', { tag: 'sup', dir: 1, concept: 'date' }],
  ['most recently', { tag: 'sup', dir: 1, concept: 'date' }],
  ['latest', { tag: 'sup', dir: 1, concept: 'date' }],
  ['earliest', { tag: 'sup', dir: -1, concept: 'date' }],
  ['longest', { tag: 'sup', dir: 1, concept: 'length' }],
  ['shortest', { tag: 'sup', dir: -1, concept: 'length' }],
  ['widest|broadest', { tag: 'sup', dir: 1, concept: 'width' }],
  ['narrowest', { tag: 'sup', dir: -1, concept: 'width' }],
  ['tallest', { tag: 'sup', dir: 1, concept: 'height' }],
  ['heaviest', { tag: 'sup', dir: 1, concept: 'weight' }],
  ['lightest', { tag: 'sup', dir: -1, concept: 'weight' }],
  ['highest|greatest|most', { tag: 'sup', dir: 1 }],
  ['lowest|least|fewest', { tag: 'sup', dir: -1 }],
  ['more|greater|higher|larger|bigger than', { tag: 'cmp', op: 'gt' }],
  ['over|above|exceeding|exceeds|exceed|beyond', { tag: 'cmp', op: 'gt' }],
  ['at least', { tag: 'cmp', op: 'gte' }],
  ['minimum of', { tag: 'cmp', op: 'gte' }],
  ['no less|fewer than', { tag: 'cmp', op: 'gte' }],
  ['or more|over|greater|higher|above', { tag: 'cmp', op: 'gte' }],
  ['less|fewer|lower|smaller than', { tag: 'cmp', op: 'lt' }],
  ['under|below|beneath', { tag: 'cmp', op: 'lt' }],
  ['at most', { tag: 'cmp', op: 'lte' }],
  ['maximum of', { tag: 'cmp', op: 'lte' }],
  ['up to', { tag: 'cmp', op: 'lte' }],
  ['no more than', { tag: 'cmp', op: 'lte' }],
  ['or less|fewer|under|below|lower', { tag: 'cmp', op: 'lte' }],
  ['equal|equals to?', { tag: 'cmp', op: 'eq' }],
  ['exactly|precisely', { tag: 'cmp', op: 'eq' }],
  ['cost|costs|sell|sells|sold|priced|selling|go|goes|went more|higher than', { tag: 'cmp', op: 'gt', concept: 'price' }],
  ['cost|costs|sell|sells|sold|priced|selling|go|goes|went less|lower than', { tag: 'cmp', op: 'lt', concept: 'price' }],
  ['cost|costs|sell|sells|sold|priced|selling|go|goes|went for? over|above', { tag: 'cmp', op: 'gt', concept: 'price' }],
  ['cost|costs|sell|sells|sold|priced|selling|go|goes|went for? under|below', { tag: 'cmp', op: 'lt', concept: 'price' }],
  ['older than', { tag: 'cmp', op: 'gt', concept: 'age' }],
  ['younger|newer than', { tag: 'cmp', op: 'lt', concept: 'age' }],
  ['more expensive|pricey|costly than', { tag: 'cmp', op: 'gt', concept: 'price' }],
  ['pricier|costlier|dearer than', { tag: 'cmp', op: 'gt', concept: 'price' }],
  ['cheaper than', { tag: 'cmp', op: 'lt', concept: 'price' }],
  ['less expensive than', { tag: 'cmp', op: 'lt', concept: 'price' }],
  ['longer than', { tag: 'cmp', op: 'gt', concept: 'length' }],
  ['shorter than', { tag: 'cmp', op: 'lt', concept: 'length' }],
  ['wider than', { tag: 'cmp', op: 'gt', concept: 'width' }],
  ['taller than', { tag: 'cmp', op: 'gt', concept: 'height' }],
  ['heavier than', { tag: 'cmp', op: 'gt', concept: 'weight' }],
  ['after|since', { tag: 'cmp', op: 'gt', date: true }],
  ['before|until', { tag: 'cmp', op: 'lt', date: true }],
  ['prior to', { tag: 'cmp', op: 'lt', date: true }],
  ['built|constructed after|since', { tag: 'built', op: 'gt' }],
  ['built|constructed before', { tag: 'built', op: 'lt' }],
  ['built|constructed in', { tag: 'built', op: 'eq' }],
  ['between', { tag: 'between' }],
  ['not|outside', { tag: 'not' }],
  ['correlation|correlations|correlated|correlate|correlates|correlating|corr', { tag: 'corr' }],
  ['relationship|relation|relationships|related|relate|relates|association|associated|link|linked|connection', { tag: 'corr' }],
  ['vs|versus|against', { tag: 'corr' }],
  ['distribution|distributions|distributed|histogram|histograms|spread|breakdown', { tag: 'dist' }],
  ['break down', { tag: 'dist' }],
  ['compare|compared|comparing|comparison|differ|differs|difference|differences|different', { tag: 'compare' }],
  ['more|higher|larger|bigger|greater|better|increase|increases|raise|raises', { tag: 'comparative', dir: 1 }],
  ['less|lower|smaller|fewer|worse|decrease|decreases|reduce|reduces', { tag: 'comparative', dir: -1 }],
  ['cost|costs|sell|sells|sold|go|goes|worth more|higher', { tag: 'comparative', dir: 1, concept: 'price' }],
  ['cost|costs|sell|sells|sold|go|goes|worth less|lower', { tag: 'comparative', dir: -1, concept: 'price' }],
  ['more expensive|pricey|costly', { tag: 'comparative', dir: 1, concept: 'price' }],
  ['pricier|costlier', { tag: 'comparative', dir: 1, concept: 'price' }],
  ['cheaper', { tag: 'comparative', dir: -1, concept: 'price' }],
  ['less expensive', { tag: 'comparative', dir: -1, concept: 'price' }],
  ['with|having|has|have', { tag: 'with', positive: true }],
  ['that|which have|has', { tag: 'with', positive: true }],
  ['equipped with', { tag: 'with', positive: true }],
  ['without|lacking', { tag: 'with', positive: false }],
  ['with|having|has|have no', { tag: 'with', positive: false }],
  ['that|which have|has no', { tag: 'with', positive: false }],
  ['that|which? do|does|dont not have', { tag: 'with', positive: false }],
  ['no', { tag: 'with', positive: false }],
  ['where|whose|such that', { tag: 'where' }],
  ['for which', { tag: 'where' }],
  ['show|list|display|find|fetch|print', { tag: 'show' }],
  ['give me', { tag: 'show' }],
];

/** Multi-word concept phrases, e.g. "square feet" → size. */
export function conceptPhrases(): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const [concept, words] of Object.entries(CONCEPTS)) {
    for (const w of words) {
      const list = map.get(w) ?? [];
      list.push(concept);
      map.set(w, list);
    }
  }
  return map;
}
