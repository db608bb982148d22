// The analyst's DuckDB peer of bench/speed.sh (issue 12): from a codes-shape export (survey sample --shape codes),
// read_csv and one SQL query for every survey goal in total and by gender and administration, groups under 5 hidden,
// as a region's analyst would do it without the product. Prints the goal table and its own time.
// Usage: node bench/duckdb-peer.mjs FILE.csv   (needs @duckdb/node-api; bench/speed.sh installs it with npm)
import { DuckDBInstance } from '@duckdb/node-api';

const file = process.argv[2];
const started = performance.now();
const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
await connection.run(`CREATE TABLE r AS SELECT * FROM read_csv('${file.replaceAll("'", "''")}', header = true)`);
const likert = ['A_UTRUSTNING', 'A_MOTEN', 'A_IT_STOD', 'A_ERGONOMI', 'A_DELAKTIG', 'A_CHEFSTOD', 'A_ATERHAMTNING',
  'A_SAKERHET', 'A_BELASTNING', 'A_KOMPETENS'];
// The seven municipalities other than Östersund (2380): Berg, Bräcke, Härjedalen, Krokom, Ragunda, Strömsund, Åre.
const others = '(2326, 2305, 2361, 2309, 2303, 2313, 2321)';
// [goal, denominator condition, numerator] per share goal; the index separately.
const shares = [
  ['G_DISTANS', 'D_DAGAR IS NOT NULL', 'D_DAGAR >= 1'],
  ['G_AVTAL', 'D_DAGAR >= 1 AND D_AVTAL IS NOT NULL', 'D_AVTAL = 1'],
  ['G_ATERHAMTNING', 'A_ATERHAMTNING BETWEEN 1 AND 6', 'A_ATERHAMTNING >= 5'],
  ['G_HYBRID_VILJA', 'D_ONSKAT IS NOT NULL', 'D_ONSKAT >= 1'],
  ['G_HUBB_INTRESSE', `D_HUBB IS NOT NULL AND B_HEMKOMMUN IN ${others}`, 'D_HUBB = 1'],
  ['G_CHEF_UTBILDNING', 'B_CHEF = 1 AND L_LEDARSKAP IS NOT NULL', 'L_LEDARSKAP = 1'],
  ['G_SPRIDNING', 'B_HEMKOMMUN IS NOT NULL', 'B_HEMKOMMUN NOT IN (2380, 2309)'],
];
const measures = [
  ...shares.flatMap(([goal, among, counts]) => [
    `count(*) FILTER (WHERE ${among}) AS "${goal} n"`,
    `avg(CASE WHEN ${counts} THEN 1.0 ELSE 0.0 END) FILTER (WHERE ${among}) AS "${goal}"`]),
  `count(idx) AS "G_DIGITAL_INDEX n"`, `avg(idx) AS "G_DIGITAL_INDEX"`,
];
const goals = [...shares.map(s => s[0]), 'G_DIGITAL_INDEX'];
const reader = await connection.runAndReadAll(`
  WITH x AS (
    SELECT *, CASE WHEN len(l) >= 7 THEN list_avg(l) END AS idx
    FROM (SELECT *, list_filter([${likert.join(', ')}], v -> v BETWEEN 1 AND 6) AS l FROM r)
  ), counted AS (
    SELECT CASE WHEN grouping(B_KON) = 0 THEN 'Kön' WHEN grouping(B_FORV) = 0 THEN 'Förvaltning' ELSE 'Totalt' END AS breakdown,
           coalesce(CAST(B_KON AS VARCHAR), CAST(B_FORV AS VARCHAR), '') AS grp, ${measures.join(',\n           ')}
    FROM x GROUP BY GROUPING SETS ((), (B_KON), (B_FORV))
  )
  SELECT breakdown, grp, ${goals.map(g => `"${g} n", CASE WHEN "${g} n" >= 5 THEN "${g}" END AS "${g}"`).join(', ')}
  FROM counted ORDER BY breakdown DESC, grp`);
const rows = reader.getRowObjects();
const seconds = (performance.now() - started) / 1000;
for (const row of rows.filter(r => r.breakdown === 'Totalt'))
  for (const goal of goals)
    console.log(`${goal}\tn ${row[`${goal} n`]}\t${row[goal] === null ? '–' : Number(row[goal]).toFixed(4)}`);
console.log(`groups\t${rows.length}`);
console.log(`seconds\t${seconds.toFixed(2)}`);
