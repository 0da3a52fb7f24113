// This package compiles without the DOM library, which proves it touches no DOM. @exlic/core (compiled
// here from its sources) uses one global beyond ES2022, TextEncoder, present in every browser and Node;
// it is declared here for the typecheck only.
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
