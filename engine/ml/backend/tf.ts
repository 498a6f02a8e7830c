/**
 * The one TensorFlow.js import of the engine: the core API plus the always-available cpu backend.
 * Faster backends are registered by ./select.ts. Only engine/ml imports this (never a node spec).
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';

export { tf };
