// Matchers such as toBeInTheDocument, typed for the explicit `@jest/globals` imports the tests use
// (web/tsconfig.json has no global jest types, so app code cannot use them by accident).
import '@testing-library/jest-dom/jest-globals';

// jsdom has no TextEncoder/TextDecoder (every browser does); shared's schemas, which the Settings
// Connections form uses, need them.
import { TextDecoder, TextEncoder } from 'node:util';
Object.assign(globalThis, { TextEncoder, TextDecoder });
