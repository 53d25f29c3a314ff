/** The antd theme: a restrained blue for actions, the commission's dark red for the brand bar. */
import type { ThemeConfig } from 'antd';

export const BRAND_RED = '#9f1d20';

export const theme: ThemeConfig = {
  token: {
    colorPrimary: '#1f5fbf',
    borderRadius: 4,
    fontFamily:
      '-apple-system, BlinkMacSystemFont, "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "WenQuanYi Micro Hei", "Noto Sans CJK SC", "Segoe UI", Roboto, sans-serif',
    fontSize: 14,
  },
  components: {
    Layout: { headerBg: BRAND_RED, headerHeight: 52, headerPadding: '0 16px', siderBg: '#ffffff', bodyBg: '#f2f3f5' },
    Menu: { itemHeight: 38, subMenuItemBg: '#ffffff' },
    Table: { headerBg: '#f5f6f8' },
  },
};
