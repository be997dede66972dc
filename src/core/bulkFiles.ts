// Where a plan's request files go, and which of them are already there, so that a caller can ask before
// overwriting anything. The writing itself is the caller's (the command line with node:fs, the extension
// with its workspace file system).
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { requestFileText, type BatchPlan, type PlannedOrder } from './bulkPlan';

export interface PlannedFile {
  order: PlannedOrder;
  /** The folder joined with the order's file name. */
  path: string;
  /** The request file's content. */
  text: string;
  /** True when a file (or anything else) is already at that path. */
  exists: boolean;
}

/** Each order's target path in `folder`, and whether something is there already. */
export async function plannedFiles(plan: BatchPlan, folder: string, exists: (target: string) => Promise<boolean> = pathExists): Promise<PlannedFile[]> {
  return Promise.all(
    plan.orders.map(async (order) => {
      const target = path.join(folder, order.fileName);
      return { order, path: target, text: requestFileText(order), exists: await exists(target) };
    }),
  );
}

async function pathExists(target: string): Promise<boolean> {
  try {
    await fs.lstat(target);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}
