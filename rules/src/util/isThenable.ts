import * as ts from 'typescript';

/**
 * True when `type`, or one member of a union, has a callable `then`: a `Promise`, a `PromiseLike`,
 * any thenable. Un-awaited, such a value runs on its own, outside the caller's flow.
 */
export function isThenable(checker: ts.TypeChecker, type: ts.Type): boolean {
  const members = type.isUnion() ? type.types : [type];
  return members.some((member) => {
    const then = member.getProperty('then');
    const declaration = then?.valueDeclaration ?? then?.declarations?.[0];
    return then !== undefined && declaration !== undefined
      && checker.getTypeOfSymbolAtLocation(then, declaration).getCallSignatures().length > 0;
  });
}
