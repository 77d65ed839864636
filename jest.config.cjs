// One jest, three projects: fast unit specs beside the code, end-to-end suites in test/, and the
// dashboard's unit tests (jsdom).
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true, tsx: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, react: { runtime: 'automatic' } },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];
const common = {
  transform: { '^.+\\.(t|j)sx?$': swc },
  // NestJS 12 and a few others ship ESM only: let swc turn them into CommonJS for jest.
  transformIgnorePatterns: ['/node_modules/(?!(@nestjs|@parley|temporal-[a-z]+|file-type|strtok3|token-types|uint8array-extras|@tokenizer)/)'],
  moduleNameMapper: {
    '^@parley/shared$': '<rootDir>/shared/src/index.ts',
    '^@parley/shared/generate$': '<rootDir>/shared/src/generate/index.ts',
    '^@parley/shared/(.*)$': '<rootDir>/shared/src/$1.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  testEnvironment: 'node',
};
module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{api,shared}/src/**/*.spec.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/api/**/*.e2e.ts'], slowTestThreshold: 60 },
    { ...common, displayName: 'browser', testMatch: ['<rootDir>/test/browser/**/*.e2e.ts'], slowTestThreshold: 60 },
    {
      ...common,
      displayName: 'web',
      testEnvironment: 'jsdom',
      testMatch: ['<rootDir>/web/src/**/*.test.{ts,tsx}'],
      setupFilesAfterEnv: ['<rootDir>/web/src/test/setup.ts'],
      moduleNameMapper: {
        ...common.moduleNameMapper,
        // Vite imports stylesheets; jest has no use for them.
        '\\.css$': '<rootDir>/web/src/test/style-stub.ts',
      },
    },
  ],
};
