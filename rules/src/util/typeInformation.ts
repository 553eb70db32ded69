import type { ParserServicesWithTypeInformation, TSESLint } from '@typescript-eslint/utils';

/**
 * The parser's type information for the file being linted, or undefined when it has none: a file
 * outside every tsconfig.json project (the type-checked presets lint those without types), a
 * config that turns the project service off, or another parser. The rules that need types then
 * check nothing in that file, rather than stop ESLint as `getParserServices` would.
 */
export function typeInformation(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>): ParserServicesWithTypeInformation | undefined {
  const services = context.sourceCode.parserServices;
  return services?.program && services.esTreeNodeToTSNodeMap ? (services as ParserServicesWithTypeInformation) : undefined;
}
