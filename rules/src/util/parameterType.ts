import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

/** The type annotation of a parameter, looking through a default value (`status: TaskStatus = IGNORED`). */
export function parameterType(parameter: TSESTree.Parameter): TSESTree.TypeNode | undefined {
  const target = parameter.type === AST_NODE_TYPES.AssignmentPattern ? parameter.left : parameter;
  return 'typeAnnotation' in target ? target.typeAnnotation?.typeAnnotation : undefined;
}
