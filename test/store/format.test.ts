import { describe, expect, test } from 'vitest';
import { formatCsv } from '../../src/store/formatCsv.js';
import { formatJson } from '../../src/store/formatJson.js';
import { formatTable } from '../../src/store/formatTable.js';
import type { QueryResult } from '../../src/store/QueryResult.js';

const result: QueryResult = {
  columns: ['run_id', 'checkpoint', 'val_acc', 'note', 'confidence'],
  types: ['VARCHAR', 'INTEGER', 'DOUBLE', 'VARCHAR', 'FLOAT[]'],
  rows: [
    ['mnist-a', 0, 0.5, 'plain', [0.25, 0.75]],
    ['b', 12, null, 'has, comma "and quotes"', null],
    ['c', 9007199254740993n, 1e-7, null, []],
  ],
};

describe('formatting query results', () => {
  test('formatTable aligns columns, right-aligns numbers and shows NULL', () => {
    expect(formatTable(result)).toBe(
      [
        'run_id         checkpoint  val_acc  note                     confidence',
        '-------  ----------------  -------  -----------------------  -----------',
        'mnist-a                 0      0.5  plain                    [0.25,0.75]',
        'b                      12     NULL  has, comma "and quotes"  NULL',
        'c        9007199254740993     1e-7  NULL                     []',
        '',
      ].join('\n'),
    );
  });

  test('formatTable of no rows is the header and the rule', () => {
    expect(formatTable({ columns: ['a', 'bb'], types: ['INTEGER', 'VARCHAR'], rows: [] })).toBe('a  bb\n-  --\n');
  });

  test('formatCsv quotes only what needs quoting and leaves NULL empty', () => {
    expect(formatCsv(result)).toBe(
      [
        'run_id,checkpoint,val_acc,note,confidence',
        'mnist-a,0,0.5,plain,"[0.25,0.75]"',
        'b,12,,"has, comma ""and quotes""",',
        'c,9007199254740993,1e-7,,[]',
        '',
      ].join('\n'),
    );
  });

  test('formatJson writes one object per row, big integers as strings', () => {
    expect(formatJson({ columns: ['a', 'b'], types: ['BIGINT', 'FLOAT[]'], rows: [[1, [0.5]], [2n ** 60n, null]] })).toBe(
      '[\n  {\n    "a": 1,\n    "b": [\n      0.5\n    ]\n  },\n  {\n    "a": "1152921504606846976",\n    "b": null\n  }\n]\n',
    );
  });
});
