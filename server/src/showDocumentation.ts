// Opens a rule's documentation page through the client (window/showDocument, LSP 3.16); a client
// without it is shown the address instead.
import type { Connection } from 'vscode-languageserver';

export async function showDocumentation(connection: Connection, url: unknown): Promise<void> {
  if (typeof url !== 'string' || !/^https?:\/\//.test(url)) {
    connection.console.warn(`corral.showDocumentation needs the page's http(s) address, got ${JSON.stringify(url)}`);
    return;
  }
  try {
    const { success } = await connection.window.showDocument({ uri: url, external: true });
    if (success) return;
  } catch {
    // The client does not implement window/showDocument: fall through to a message.
  }
  void connection.window.showInformationMessage(`Documentation: ${url}`);
}
