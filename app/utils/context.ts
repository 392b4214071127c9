declare module "@remix-run/node" {
  interface AppLoadContext {
    clientAddress: string;
    cspNonce?: string;
  }
  interface Future {
    v3_singleFetch: true;
  }
}
export {};
