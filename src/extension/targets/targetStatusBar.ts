import * as vscode from 'vscode';
import { Commands } from '../constants';
import { Disposable } from '../lifecycle';
import type { TargetService } from './targetService';

/** Always shows where orders go; production stands out in the warning colour. */
export class TargetStatusBar extends Disposable {
  readonly item: vscode.StatusBarItem;

  constructor(private readonly targets: TargetService) {
    super();
    this.item = this._register(vscode.window.createStatusBarItem('coltReactivate.target', vscode.StatusBarAlignment.Left, 50));
    this.item.name = 'Colt Reactivation Target';
    this.item.command = Commands.switchTarget;
    this._register(targets.onDidChange(() => this.render()));
    this.render();
    this.item.show();
  }

  render(): void {
    const target = this.targets.target;
    const production = target === 'production';
    this.item.text = `$(${production ? 'warning' : 'server-environment'}) Colt: ${this.targets.label}`;
    this.item.backgroundColor = production ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.tooltip = new vscode.MarkdownString(
      `Colt orders go to **${this.targets.label}** (\`${this.targets.baseUrl}\`).` +
        (production ? '\n\nReal numbers are reactivated; every submission asks for confirmation.' : '') +
        '\n\nClick to switch target.',
    );
    this.item.accessibilityInformation = { label: `Colt target: ${this.targets.label}. Click to switch.` };
  }
}
