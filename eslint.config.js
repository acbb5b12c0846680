// Layer boundaries (DESIGN.md "Layers") are enforced here. Do not relax these rules: a layer that
// imports upward is how the renderer ends up with Node in it.
import tseslint from 'typescript-eslint';

const outside = (...folders) =>
  folders.map((f) => ({ group: [`**/${f}/**`, `**/${f}`], message: `This layer may not import from ${f}/ (see DESIGN.md, Layers).` }));
const nodeBuiltins = { regex: '^node:', message: 'No Node built-ins in this layer.' };
const electronPkg = { name: 'electron', message: 'Only electron/main and electron/preload may import electron.' };

// Literal words in JSX: text children, string children, and the attributes people read or hear.
// A word is two letters or more (Latin, accents included, not × or ÷): "·", "—", "×" and a logo's "R" may stay.
const letters = '/[A-Za-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u024F]{2}/';
const readAttributes = 'JSXAttribute[name.name=/^(title|placeholder|aria-label|alt)$/]';
const untranslated = [
  `JSXText[value=${letters}]`,
  `JSXElement > JSXExpressionContainer > Literal[value=${letters}]`,
  `JSXElement > JSXExpressionContainer > :matches(ConditionalExpression, LogicalExpression) > Literal[value=${letters}]`,
  `JSXElement > JSXExpressionContainer > TemplateLiteral > TemplateElement[value.raw=${letters}]`,
  `${readAttributes} > Literal[value=${letters}]`,
  `${readAttributes} > JSXExpressionContainer > Literal[value=${letters}]`,
  `${readAttributes} > JSXExpressionContainer > :matches(ConditionalExpression, LogicalExpression) > Literal[value=${letters}]`,
  `${readAttributes} > JSXExpressionContainer > TemplateLiteral > TemplateElement[value.raw=${letters}]`,
];

// Tests beside the code are integration tests: they may assemble any layers to run the real thing.
function layer(files, { paths = [], patterns = [] }) {
  return { files, ignores: ['**/*.test.ts'], rules: { 'no-restricted-imports': ['error', { paths, patterns }] } };
}

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', 'release/**', 'bench/results/**', 'bench/tmp/**', 'migrations/**'] },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', ignoreRestSiblings: true }],
      'no-restricted-properties': ['error', { object: 'describe', property: 'only' }, { object: 'it', property: 'only' }, { object: 'test', property: 'only' }],
    },
  },
  { files: ['**/*.js', '**/*.mjs'], ...tseslint.configs.disableTypeChecked },
  // expect.objectContaining() and friends are typed any by design.
  { files: ['**/*.test.ts', 'test/**'], rules: { '@typescript-eslint/no-unsafe-assignment': 'off' } },
  // Fixture bots show the shapes bot authors write, including an async run() with nothing to await.
  { files: ['test/fixtures/**'], rules: { '@typescript-eslint/require-await': 'off' } },
  layer(['electron/common/**'], {
    paths: [electronPkg],
    patterns: [
      nodeBuiltins,
      { regex: '^(?!zod$|zod/|\\.)', message: 'electron/common imports no runtime library but zod.' },
      ...outside('core', 'main', 'headless', 'worker', 'preload', 'renderer', 'bots'),
    ],
  }),
  layer(['electron/core/**'], { paths: [electronPkg], patterns: outside('main', 'headless', 'worker', 'preload', 'renderer', 'demo-sites') }),
  layer(['electron/main/**'], {
    paths: [{ name: 'electron', importNames: ['ipcRenderer', 'contextBridge'], message: 'ipcRenderer belongs in the preload only.' }],
    patterns: outside('headless', 'worker', 'preload', 'renderer'),
  }),
  layer(['electron/headless/**'], { paths: [electronPkg], patterns: outside('main', 'worker', 'preload', 'renderer') }),
  layer(['electron/preload/**'], { patterns: [nodeBuiltins, ...outside('core', 'main', 'headless', 'worker', 'renderer', 'bots')] }),
  layer(['electron/worker/**'], { paths: [electronPkg], patterns: outside('core', 'main', 'headless', 'preload', 'renderer') }),
  // The demo sites are not the product: the shells start them, and they import nothing of the app.
  layer(['demo-sites/**'], { paths: [electronPkg], patterns: outside('electron', 'bots', 'renderer') }),
  layer(['bots/**'], { paths: [electronPkg], patterns: outside('core', 'main', 'headless', 'preload', 'worker', 'renderer') }),
  {
    files: ['renderer/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electronPkg],
          patterns: [nodeBuiltins, ...outside('core', 'main', 'headless', 'preload', 'worker', 'bots')],
        },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "MemberExpression[object.name='window'][property.name='rpa']", message: 'Only renderer/src/api/ reads window.rpa.' },
        // Every text a person reads goes through t() (renderer/src/i18n); punctuation such as "·" or "—" may stay literal.
        ...untranslated.map((selector) => ({ selector, message: 'Text a person reads goes through t() (see renderer/src/i18n).' })),
      ],
    },
  },
  { files: ['renderer/src/api/**'], rules: { 'no-restricted-syntax': 'off' } },
);
