import type { NotYetLowered } from '../graph.js';

/** Keras classes kerasbridge imports but cannot export yet (issue #4), with what is missing: none left. */
export const NOT_YET_LOWERED: readonly NotYetLowered[] = [];
