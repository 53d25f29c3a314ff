/**
 * Official holiday arrangements of the PRC State Council (国务院办公厅关于 XXXX 年部分节假日安排的通知),
 * as published each year, including the make-up working weekend days (调休上班).
 *
 * Each period lists the whole break as announced (放假 from … to …, inclusive — weekend days of the
 * break included, also where the notice says 与周末连休) and the Saturdays/Sundays that are
 * working days because of it. A notice may reach into the previous December (元旦 spanning the
 * new year); those dates belong to the notice of the following year.
 *
 * Future years are maintained by administrators in the database (see `Calendar` overrides);
 * add a year here when its notice is published, and mark it `provisional` until checked against
 * the text on www.gov.cn.
 */

export interface HolidayPeriod {
  /** Festival name as in the notice, e.g. '春节', '国庆节、中秋节'. */
  readonly name: string;
  /** First and last day off, inclusive. */
  readonly from: string;
  readonly to: string;
  /** Weekend days that are working days (调休上班) because of this period. */
  readonly workdays: readonly string[];
  readonly note?: string;
}

export interface HolidayNotice {
  /** The year the notice arranges. */
  readonly year: number;
  readonly title: string;
  /** Publication date(s) of the notice and of any later amendment. */
  readonly published: readonly string[];
  /** True while the data has not been checked against the official text. */
  readonly provisional: boolean;
  readonly periods: readonly HolidayPeriod[];
}

const title = (y: number) => `国务院办公厅关于${y}年部分节假日安排的通知`;

export const HOLIDAY_NOTICES: readonly HolidayNotice[] = [
  {
    year: 2019,
    title: title(2019),
    // 2019-03-22: 劳动节 changed from 1 day to 4 (国务院办公厅关于调整2019年劳动节假期安排的通知)
    published: ['2018-12-06', '2019-03-22'],
    provisional: false,
    periods: [
      { name: '元旦', from: '2018-12-30', to: '2019-01-01', workdays: ['2018-12-29'] },
      { name: '春节', from: '2019-02-04', to: '2019-02-10', workdays: ['2019-02-02', '2019-02-03'] },
      { name: '清明节', from: '2019-04-05', to: '2019-04-07', workdays: [] },
      {
        name: '劳动节',
        from: '2019-05-01',
        to: '2019-05-04',
        workdays: ['2019-04-28', '2019-05-05'],
        note: '按2019年3月22日调整后的安排',
      },
      { name: '端午节', from: '2019-06-07', to: '2019-06-09', workdays: [] },
      { name: '中秋节', from: '2019-09-13', to: '2019-09-15', workdays: [] },
      { name: '国庆节', from: '2019-10-01', to: '2019-10-07', workdays: ['2019-09-29', '2019-10-12'] },
    ],
  },
  {
    year: 2020,
    title: title(2020),
    // 2020-01-27: 关于延长2020年春节假期的通知 — break extended to 2 February, which also cancelled
    // the 1 February (Saturday) make-up working day.
    published: ['2019-11-21', '2020-01-27'],
    provisional: false,
    periods: [
      { name: '元旦', from: '2020-01-01', to: '2020-01-01', workdays: [] },
      {
        name: '春节',
        from: '2020-01-24',
        to: '2020-01-30',
        workdays: ['2020-01-19'],
        note: '原定2月1日（星期六）上班，因春节假期延长取消',
      },
      {
        name: '春节（延长假期）',
        from: '2020-01-31',
        to: '2020-02-02',
        workdays: [],
        note: '国务院办公厅关于延长2020年春节假期的通知（2020年1月27日）',
      },
      { name: '清明节', from: '2020-04-04', to: '2020-04-06', workdays: [] },
      { name: '劳动节', from: '2020-05-01', to: '2020-05-05', workdays: ['2020-04-26', '2020-05-09'] },
      { name: '端午节', from: '2020-06-25', to: '2020-06-27', workdays: ['2020-06-28'] },
      { name: '国庆节、中秋节', from: '2020-10-01', to: '2020-10-08', workdays: ['2020-09-27', '2020-10-10'] },
    ],
  },
  {
    year: 2021,
    title: title(2021),
    published: ['2020-11-25'],
    provisional: false,
    periods: [
      { name: '元旦', from: '2021-01-01', to: '2021-01-03', workdays: [] },
      { name: '春节', from: '2021-02-11', to: '2021-02-17', workdays: ['2021-02-07', '2021-02-20'] },
      { name: '清明节', from: '2021-04-03', to: '2021-04-05', workdays: [] },
      { name: '劳动节', from: '2021-05-01', to: '2021-05-05', workdays: ['2021-04-25', '2021-05-08'] },
      { name: '端午节', from: '2021-06-12', to: '2021-06-14', workdays: [] },
      { name: '中秋节', from: '2021-09-19', to: '2021-09-21', workdays: ['2021-09-18'] },
      { name: '国庆节', from: '2021-10-01', to: '2021-10-07', workdays: ['2021-09-26', '2021-10-09'] },
    ],
  },
  {
    year: 2022,
    title: title(2022),
    published: ['2021-10-25'],
    provisional: false,
    periods: [
      { name: '元旦', from: '2022-01-01', to: '2022-01-03', workdays: [] },
      { name: '春节', from: '2022-01-31', to: '2022-02-06', workdays: ['2022-01-29', '2022-01-30'] },
      { name: '清明节', from: '2022-04-03', to: '2022-04-05', workdays: ['2022-04-02'] },
      { name: '劳动节', from: '2022-04-30', to: '2022-05-04', workdays: ['2022-04-24', '2022-05-07'] },
      { name: '端午节', from: '2022-06-03', to: '2022-06-05', workdays: [] },
      { name: '中秋节', from: '2022-09-10', to: '2022-09-12', workdays: [] },
      { name: '国庆节', from: '2022-10-01', to: '2022-10-07', workdays: ['2022-10-08', '2022-10-09'] },
    ],
  },
  {
    year: 2023,
    title: title(2023),
    published: ['2022-12-08'],
    provisional: false,
    periods: [
      { name: '元旦', from: '2022-12-31', to: '2023-01-02', workdays: [] },
      { name: '春节', from: '2023-01-21', to: '2023-01-27', workdays: ['2023-01-28', '2023-01-29'] },
      { name: '清明节', from: '2023-04-05', to: '2023-04-05', workdays: [] },
      { name: '劳动节', from: '2023-04-29', to: '2023-05-03', workdays: ['2023-04-23', '2023-05-06'] },
      { name: '端午节', from: '2023-06-22', to: '2023-06-24', workdays: ['2023-06-25'] },
      { name: '中秋节、国庆节', from: '2023-09-29', to: '2023-10-06', workdays: ['2023-10-07', '2023-10-08'] },
    ],
  },
  {
    year: 2024,
    title: title(2024),
    published: ['2023-10-25'],
    provisional: false,
    periods: [
      { name: '元旦', from: '2023-12-30', to: '2024-01-01', workdays: [], note: '1月1日放假，与周末连休' },
      {
        name: '春节',
        from: '2024-02-10',
        to: '2024-02-17',
        workdays: ['2024-02-04', '2024-02-18'],
        note: '除夕（2月9日）为工作日，鼓励单位安排职工休息',
      },
      { name: '清明节', from: '2024-04-04', to: '2024-04-06', workdays: ['2024-04-07'] },
      { name: '劳动节', from: '2024-05-01', to: '2024-05-05', workdays: ['2024-04-28', '2024-05-11'] },
      { name: '端午节', from: '2024-06-08', to: '2024-06-10', workdays: [], note: '6月10日放假，与周末连休' },
      { name: '中秋节', from: '2024-09-15', to: '2024-09-17', workdays: ['2024-09-14'] },
      { name: '国庆节', from: '2024-10-01', to: '2024-10-07', workdays: ['2024-09-29', '2024-10-12'] },
    ],
  },
  {
    year: 2025,
    title: title(2025),
    // First year under the revised 全国年节及纪念日放假办法 (春节 and 劳动节 one day longer).
    published: ['2024-11-12'],
    provisional: false,
    periods: [
      { name: '元旦', from: '2025-01-01', to: '2025-01-01', workdays: [] },
      { name: '春节', from: '2025-01-28', to: '2025-02-04', workdays: ['2025-01-26', '2025-02-08'] },
      { name: '清明节', from: '2025-04-04', to: '2025-04-06', workdays: [] },
      { name: '劳动节', from: '2025-05-01', to: '2025-05-05', workdays: ['2025-04-27'] },
      { name: '端午节', from: '2025-05-31', to: '2025-06-02', workdays: [] },
      { name: '国庆节、中秋节', from: '2025-10-01', to: '2025-10-08', workdays: ['2025-09-28', '2025-10-11'] },
    ],
  },
  {
    year: 2026,
    title: title(2026),
    published: ['2025-11-04'],
    provisional: false,
    periods: [
      { name: '元旦', from: '2026-01-01', to: '2026-01-03', workdays: ['2026-01-04'] },
      { name: '春节', from: '2026-02-15', to: '2026-02-23', workdays: ['2026-02-14', '2026-02-28'] },
      { name: '清明节', from: '2026-04-04', to: '2026-04-06', workdays: [] },
      { name: '劳动节', from: '2026-05-01', to: '2026-05-05', workdays: ['2026-05-09'] },
      { name: '端午节', from: '2026-06-19', to: '2026-06-21', workdays: [] },
      { name: '中秋节', from: '2026-09-25', to: '2026-09-27', workdays: [] },
      { name: '国庆节', from: '2026-10-01', to: '2026-10-07', workdays: ['2026-09-20', '2026-10-10'] },
    ],
  },
];
