import * as vscode from 'vscode';

/**
 * The dialogs the extension shows, behind one seam: integration tests answer modal
 * confirmations and input boxes through `SwitchablePrompter.use()`, while everything else
 * stays the real VS Code.
 */
export interface Prompter {
  showInputBox(options: vscode.InputBoxOptions): Thenable<string | undefined>;
  showQuickPick<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions): Thenable<T | undefined>;
  showWarningMessage(message: string, options: vscode.MessageOptions, ...items: string[]): Thenable<string | undefined>;
  showInformationMessage(message: string, options: vscode.MessageOptions, ...items: string[]): Thenable<string | undefined>;
  showErrorMessage(message: string, options: vscode.MessageOptions, ...items: string[]): Thenable<string | undefined>;
}

export const vscodePrompter: Prompter = {
  showInputBox: (o) => vscode.window.showInputBox(o),
  showQuickPick: (items, o) => vscode.window.showQuickPick(items, o),
  showWarningMessage: (m, o, ...items) => vscode.window.showWarningMessage(m, o, ...items),
  showInformationMessage: (m, o, ...items) => vscode.window.showInformationMessage(m, o, ...items),
  showErrorMessage: (m, o, ...items) => vscode.window.showErrorMessage(m, o, ...items),
};

/** Any of the Prompter's methods, called with the arguments it was given. */
type Method = (...args: unknown[]) => unknown;

export class SwitchablePrompter implements Prompter {
  /**
   * Replacements, newest last. Each `use()` removes only its own layer when disposed, in any
   * order, so one test that restores out of order never brings back another's stale answers.
   */
  private readonly layers: Prompter[] = [];

  private get current(): Prompter {
    return this.layers.at(-1) ?? vscodePrompter;
  }

  /** The layer under `layer` now (not when it was added): what its missing methods fall back to. */
  private below(layer: Prompter): Prompter {
    const index = this.layers.indexOf(layer);
    return (index > 0 ? this.layers[index - 1] : undefined) ?? vscodePrompter;
  }

  /** Replaces the dialogs until the returned disposable is disposed (tests only). */
  use(prompter: Partial<Prompter>): vscode.Disposable {
    // Bind each method: a class instance's methods live on its prototype, which a spread skips.
    const pick = <K extends keyof Prompter>(k: K): Prompter[K] =>
      (prompter[k] ? (prompter[k] as Method).bind(prompter) : (...args: unknown[]) => (this.below(layer)[k] as Method)(...args)) as Prompter[K];
    const layer: Prompter = {
      showInputBox: pick('showInputBox'),
      showQuickPick: pick('showQuickPick'),
      showWarningMessage: pick('showWarningMessage'),
      showInformationMessage: pick('showInformationMessage'),
      showErrorMessage: pick('showErrorMessage'),
    };
    this.layers.push(layer);
    return new vscode.Disposable(() => {
      const index = this.layers.indexOf(layer);
      if (index >= 0) this.layers.splice(index, 1);
    });
  }

  showInputBox(options: vscode.InputBoxOptions) {
    return this.current.showInputBox(options);
  }
  showQuickPick<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions) {
    return this.current.showQuickPick(items, options);
  }
  showWarningMessage(message: string, options: vscode.MessageOptions, ...items: string[]) {
    return this.current.showWarningMessage(message, options, ...items);
  }
  showInformationMessage(message: string, options: vscode.MessageOptions, ...items: string[]) {
    return this.current.showInformationMessage(message, options, ...items);
  }
  showErrorMessage(message: string, options: vscode.MessageOptions, ...items: string[]) {
    return this.current.showErrorMessage(message, options, ...items);
  }
}
