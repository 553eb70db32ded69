// Whether a document uses corral at all: the rules only look at code that imports it, so a
// document that never names the module is not linted (and costs nothing while typed in).
const CORRAL_MODULE = /(?:from|import|require\s*\()\s*['"]corral['"]/;

export function usesCorral(text: string): boolean {
  return CORRAL_MODULE.test(text);
}
