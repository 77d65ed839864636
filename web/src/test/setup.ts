// Matchers such as toBeInTheDocument, typed for the explicit `@jest/globals` imports the tests use
// (web/tsconfig.json has no global jest types, so app code cannot use them by accident).
import '@testing-library/jest-dom/jest-globals';
