// Placeholder until the schema stage lands: validates each loaded file against schemas/*.json.
import type { LoadedPlugin } from '../../plugin/load.js';
import type { ReportInput } from '../rule.js';

export type SchemaReport = (ruleId: string, input: ReportInput) => void;

export function checkSchemas(_plugin: LoadedPlugin, _report: SchemaReport): void {}
