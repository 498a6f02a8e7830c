// Property tests run from a fixed seed so CI is repeatable; set FC_SEED to explore other inputs locally
// (a failure prints its seed and path, which reproduce it exactly).
import fc from 'fast-check';

const seed = process.env['FC_SEED'];
fc.configureGlobal({ seed: seed === undefined ? 20261126 : Number(seed) });
