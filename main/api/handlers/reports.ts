/**
 * Handlers of the report calls (contract/reports.ts): parse → main/services/reports.ts, report-admin.ts → map.
 * The services check the permission and meter scope and write the audit records. Exports go to the exports
 * folder (browser mode: offered as a download); printing uses the desktop shell's printer when there is one, else
 * it writes the PDF and offers that.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { AppContext } from '../../core/context';
import { fileLocations } from '../../settings/locations';
import { reportDocument } from '../../reports/document';
import { documentHtml } from '../../reports/render-html';
import {
  assignTariffAs, checkVirtualFormula, deleteTariffAs, deleteVirtualMeterAs, meterTariffHistory, saveVirtualMeterAs, virtualMeters,
} from '../../services/report-admin';
import {
  exportReportRun, rerunReport, reportRun, reportRuns, runBalanceReport, runBillingReport, runVirtualReport,
} from '../../services/reports';
import { acting, type CallContext } from '../call-context';
import type { Handlers } from '../dispatch';

type ReportCalls =
  | 'reports.billing' | 'reports.balance' | 'reports.virtual' | 'reports.runs' | 'reports.get' | 'reports.rerun' | 'reports.export' | 'reports.print'
  | 'virtualMeters.list' | 'virtualMeters.check' | 'virtualMeters.save' | 'virtualMeters.delete'
  | 'tariffHistory.list' | 'tariffHistory.assign' | 'tariffHistory.delete';

/** Options: `offerDownload` (browser mode) turns a written file into a link; `print` (desktop) prints an HTML page. */
export interface ReportHandlerOptions {
  readonly offerDownload?: (file: string, fileName: string) => string;
  readonly print?: (html: string, title: string) => Promise<boolean>;
}

/** Build the report handlers over `ctx`. */
export function createReportHandlers(ctx: AppContext, opts: ReportHandlerOptions): Pick<Handlers, ReportCalls> {
  const write = async (runId: number, format: 'pdf' | 'xlsx' | 'csv', call: CallContext | undefined) => {
    const dir = fileLocations(ctx).exportDir; // the export folder in force (settings), read at each export
    await mkdir(dir, { recursive: true });
    const fileName = `report-${runId}_${new Date().toISOString().replace(/[-:.]/g, '')}.${format}`;
    const file = path.join(dir, fileName);
    await exportReportRun(acting(ctx, call), runId, format, file);
    return { path: file, fileName, downloadUrl: opts.offerDownload ? opts.offerDownload(file, fileName) : null };
  };
  return {
    'reports.billing': async (a, call) => runBillingReport(acting(ctx, call), a),
    'reports.balance': async (a, call) => runBalanceReport(acting(ctx, call), a),
    'reports.virtual': async (a, call) => runVirtualReport(acting(ctx, call), a),
    'reports.runs': async (a, call) => reportRuns(acting(ctx, call), a.limit),
    'reports.get': async (a, call) => reportRun(acting(ctx, call), a.runId),
    'reports.rerun': async (a, call) => rerunReport(acting(ctx, call), a.runId),
    'reports.export': async (a, call) => write(a.runId, a.format, call),
    'reports.print': async (a, call) => {
      if (opts.print) {
        const doc = reportDocument(reportRun(acting(ctx, call), a.runId));
        return { printed: await opts.print(documentHtml(doc), doc.title), pdf: null };
      }
      return { printed: false, pdf: await write(a.runId, 'pdf', call) };
    },
    'virtualMeters.list': async (_a, call) => virtualMeters(acting(ctx, call)),
    'virtualMeters.check': async (a, call) => checkVirtualFormula(acting(ctx, call), a.formula),
    'virtualMeters.save': async (a, call) => saveVirtualMeterAs(acting(ctx, call), a),
    'virtualMeters.delete': async (a, call) => ({ deleted: deleteVirtualMeterAs(acting(ctx, call), a.id) }),
    'tariffHistory.list': async (a, call) => meterTariffHistory(acting(ctx, call), a.meterId),
    'tariffHistory.assign': async (a, call) => assignTariffAs(acting(ctx, call), a),
    'tariffHistory.delete': async (a, call) => ({ deleted: deleteTariffAs(acting(ctx, call), a.id) }),
  };
}
