/** Options of the C export (pure: the Export C node's params, the CLI and the API share this schema). */
import { z } from 'zod';

const C_KEYWORDS = /^(auto|break|case|char|const|continue|default|do|double|else|enum|extern|float|for|goto|if|inline|int|long|register|restrict|return|short|signed|sizeof|static|struct|switch|typedef|union|unsigned|void|volatile|while)$/;

export const exportCOptionsSchema = z.object({
  name: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9_]{0,31}$/, 'A C name: a letter, then letters, digits or underscores (at most 32).')
    .refine((s) => !C_KEYWORDS.test(s), 'The name is a C keyword.')
    .default('model')
    .describe('Prefix of the generated files and symbols: <name>.c, <name>.h, <name>_predict().'),
  int8: z.boolean().default(false).describe('Store network weights as int8 with one scale per unit (4× smaller); tree models are unaffected.'),
  budgetFlash: z.number().int().min(0).optional().describe('Flash budget in bytes: the export refuses a larger model and suggests a smaller one.'),
  budgetRam: z.number().int().min(0).optional().describe('RAM budget in bytes (stack of one prediction).'),
});
export type ExportCOptions = z.output<typeof exportCOptionsSchema>;
export type ExportCOptionsInput = z.input<typeof exportCOptionsSchema>;
