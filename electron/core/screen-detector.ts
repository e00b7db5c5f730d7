/**
 * The production Detector: rule packs over the rendered screen, and agent identity from process facts.
 */
import { detect, identifyAgent } from './detection';
import type { Detector } from './scanner';

/** Detects state with the versioned rule packs in detection/rules. */
export const screenDetector: Detector = { detect, identifyAgent };
