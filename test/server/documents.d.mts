// The types of documents.mjs, plain JavaScript so that bench/server can import it too.
export declare const TYPED_AND_SYNTACTIC: string;
