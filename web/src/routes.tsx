/**
 * The registry of pages: which menu (菜单, as GET /api/auth/me lists them) each page belongs to,
 * its path, label and the permissions that show it. Each page is its own lazily loaded chunk.
 *
 * Add an area by adding its pages here (web/src/pages/<area>/*.tsx). A menu the server grants
 * that has no page here is not shown (its module is not in this build yet).
 */
import {
  AlertOutlined,
  ApartmentOutlined,
  AuditOutlined,
  BarChartOutlined,
  CheckSquareOutlined,
  ClusterOutlined,
  DatabaseOutlined,
  FileSearchOutlined,
  FileTextOutlined,
  FundProjectionScreenOutlined,
  IdcardOutlined,
  PhoneOutlined,
  SafetyCertificateOutlined,
  SendOutlined,
  SettingOutlined,
  TeamOutlined,
  ToolOutlined,
} from '@ant-design/icons';
import { type ComponentType, type LazyExoticComponent, lazy, type ReactNode } from 'react';

export type MenuKey =
  | 'todo'
  | 'dashboard'
  | 'data'
  | 'entity'
  | 'model'
  | 'hotline'
  | 'clue'
  | 'transfer'
  | 'rectify'
  | 'account'
  | 'inspection'
  | 'collab'
  | 'report'
  | 'admin'
  | 'security'
  | 'audit';

export interface PageDef {
  /** Unique key; also the menu item key. */
  key: string;
  menu: MenuKey;
  /** Route path without the leading slash; may hold parameters (`clue/clues/:id`). */
  path: string;
  label: string;
  /** Shown when the user holds any of these. */
  perms: readonly string[];
  component: LazyExoticComponent<ComponentType>;
  /** Detail pages: not in the menu; the breadcrumb goes through this parent page. */
  parent?: string;
  /** Not in the menu and outside the menu's breadcrumb (e.g. the global search). */
  hidden?: boolean;
}

/** Menu order and icons (labels come from the server). */
export const MENU_ORDER: MenuKey[] = [
  'todo',
  'dashboard',
  'data',
  'entity',
  'model',
  'hotline',
  'clue',
  'transfer',
  'rectify',
  'account',
  'inspection',
  'collab',
  'report',
  'admin',
  'security',
  'audit',
];

export const MENU_ICONS: Record<MenuKey, ReactNode> = {
  todo: <CheckSquareOutlined />,
  dashboard: <FundProjectionScreenOutlined />,
  data: <DatabaseOutlined />,
  entity: <IdcardOutlined />,
  model: <ClusterOutlined />,
  hotline: <PhoneOutlined />,
  clue: <FileSearchOutlined />,
  transfer: <SendOutlined />,
  rectify: <ToolOutlined />,
  account: <AlertOutlined />,
  inspection: <TeamOutlined />,
  collab: <ApartmentOutlined />,
  report: <BarChartOutlined />,
  admin: <SettingOutlined />,
  security: <SafetyCertificateOutlined />,
  audit: <AuditOutlined />,
};

export const FALLBACK_ICON = <FileTextOutlined />;

const TodoPage = lazy(() => import('./pages/todo/TodoPage.tsx'));
const NotificationsPage = lazy(() => import('./pages/notifications/NotificationsPage.tsx'));
const UsersPage = lazy(() => import('./pages/admin/UsersPage.tsx'));
const OrgsPage = lazy(() => import('./pages/admin/OrgsPage.tsx'));
const DictsPage = lazy(() => import('./pages/admin/DictsPage.tsx'));
const CalendarPage = lazy(() => import('./pages/admin/CalendarPage.tsx'));
const DistrictMapPage = lazy(() => import('./pages/admin/DistrictMapPage.tsx'));
const DatasetsPage = lazy(() => import('./pages/data/DatasetsPage.tsx'));
const BatchesPage = lazy(() => import('./pages/data/BatchesPage.tsx'));
const RawRowsPage = lazy(() => import('./pages/data/RawRowsPage.tsx'));
const SharingPage = lazy(() => import('./pages/data/SharingPage.tsx'));
const EntitySearchPage = lazy(() => import('./pages/entity/EntitySearchPage.tsx'));
const EntityPage = lazy(() => import('./pages/entity/EntityPage.tsx'));
const ModelsPage = lazy(() => import('./pages/model/ModelsPage.tsx'));
const HitsPage = lazy(() => import('./pages/model/HitsPage.tsx'));
const RunsPage = lazy(() => import('./pages/model/RunsPage.tsx'));
const BuilderPage = lazy(() => import('./pages/model/BuilderPage.tsx'));
const RoundsPage = lazy(() => import('./pages/inspection/RoundsPage.tsx'));
const RoundPage = lazy(() => import('./pages/inspection/RoundPage.tsx'));
const LettersPage = lazy(() => import('./pages/inspection/LettersPage.tsx'));
const LetterPage = lazy(() => import('./pages/inspection/LettersPage.tsx').then((m) => ({ default: m.LetterPage })));
const MechanismsPage = lazy(() => import('./pages/collab/MechanismsPage.tsx'));
const meetings = () => import('./pages/collab/MeetingsPage.tsx');
const MeetingsPage = lazy(meetings);
const MeetingPage = lazy(() => meetings().then((m) => ({ default: m.MeetingPage })));
const TasksPage = lazy(() => meetings().then((m) => ({ default: m.TasksPage })));
const WenzhengPage = lazy(() => import('./pages/collab/WenzhengPage.tsx'));
const PrioritiesPage = lazy(() => import('./pages/collab/PrioritiesPage.tsx'));
const ExpertsPage = lazy(() => import('./pages/collab/ExpertsPage.tsx'));
const CampaignsPage = lazy(() => import('./pages/collab/CampaignsPage.tsx'));
const CampaignPage = lazy(() => import('./pages/collab/CampaignPage.tsx'));
const DashboardPage = lazy(() => import('./pages/dashboard/DashboardPage.tsx'));
const SearchPage = lazy(() => import('./pages/search/SearchPage.tsx'));
const HotlineAnalysisPage = lazy(() => import('./pages/hotline/AnalysisPage.tsx'));
const HotlineScreeningPage = lazy(() => import('./pages/hotline/ScreeningPage.tsx'));
const HotlineRoutingPage = lazy(() => import('./pages/hotline/RoutingPage.tsx'));
const HotlineOrderPage = lazy(() => import('./pages/hotline/OrderPage.tsx'));
const HotlineClassifierPage = lazy(() => import('./pages/hotline/OrderPage.tsx').then((m) => ({ default: m.ClassifierPage })));
const HotlineOrdersPage = lazy(() => import('./pages/hotline/OrdersPage.tsx'));
const HotlinePublicationsPage = lazy(() => import('./pages/hotline/PublicationsPage.tsx'));
const HotlineTopicsPage = lazy(() => import('./pages/hotline/TopicsPage.tsx'));
const HotlineApiKeysPage = lazy(() => import('./pages/hotline/ApiKeysPage.tsx'));
const ReportsPage = lazy(() => import('./pages/report/ReportsPage.tsx'));
const CluesPage = lazy(() => import('./pages/clue/CluesPage.tsx'));
const ClueNewPage = lazy(() => import('./pages/clue/ClueNewPage.tsx'));
const ClueDetailPage = lazy(() => import('./pages/clue/ClueDetailPage.tsx'));
const transfers = () => import('./pages/transfer/TransfersPage.tsx');
const InboxPage = lazy(() => transfers().then((m) => ({ default: m.InboxPage })));
const OutboxPage = lazy(() => transfers().then((m) => ({ default: m.OutboxPage })));
const CcPage = lazy(() => transfers().then((m) => ({ default: m.CcPage })));
const TransferDetailPage = lazy(() => import('./pages/transfer/TransferDetailPage.tsx'));
const LedgerPage = lazy(() => import('./pages/rectify/LedgerPage.tsx'));
const LedgerItemPage = lazy(() => import('./pages/rectify/LedgerItemPage.tsx'));
const ClearancePage = lazy(() => import('./pages/rectify/ClearancePage.tsx'));
const DecisionsPage = lazy(() => import('./pages/account/DecisionsPage.tsx'));
const ProposalsPage = lazy(() => import('./pages/account/ProposalsPage.tsx'));
const FormStatsPage = lazy(() => import('./pages/account/FormStatsPage.tsx'));
const CarePage = lazy(() => import('./pages/account/CarePage.tsx'));
const RolesPage = lazy(() => import('./pages/security/RolesPage.tsx'));
const AuditEventsPage = lazy(() => import('./pages/audit/AuditEventsPage.tsx'));
const LoginLogPage = lazy(() => import('./pages/audit/LoginLogPage.tsx'));

export const PAGES: PageDef[] = [
  { key: 'todo', menu: 'todo', path: 'todo', label: '待办事项', perms: ['todo:view'], component: TodoPage },
  { key: 'letter', menu: 'todo', path: 'letters/:id', label: '建议书', perms: ['todo:view'], component: LetterPage, parent: 'notifications' },
  { key: 'notifications', menu: 'todo', path: 'todo/notifications', label: '消息提醒', perms: ['todo:view'], component: NotificationsPage },

  { key: 'search', menu: 'todo', path: 'search', label: '全局检索', perms: ['todo:view'], component: SearchPage, hidden: true },

  { key: 'dashboard', menu: 'dashboard', path: 'dashboard', label: '驾驶舱', perms: ['dashboard:view'], component: DashboardPage },

  { key: 'data-catalog', menu: 'data', path: 'data/catalog', label: '数据目录', perms: ['data:catalog'], component: DatasetsPage },
  { key: 'data-batches', menu: 'data', path: 'data/batches', label: '导入批次', perms: ['data:catalog'], component: BatchesPage },
  { key: 'data-sharing', menu: 'data', path: 'data/sharing', label: '数据共享', perms: ['data:share'], component: SharingPage },
  { key: 'data-rows', menu: 'data', path: 'data/rows/:dataset', label: '原始数据', perms: ['data:read_raw'], component: RawRowsPage, parent: 'data-catalog' },

  { key: 'entity-search', menu: 'entity', path: 'entity/search', label: '主体检索', perms: ['entity:read'], component: EntitySearchPage },
  { key: 'entity-page', menu: 'entity', path: 'entity/:kind/:key', label: '主体档案', perms: ['entity:read'], component: EntityPage, parent: 'entity-search' },

  { key: 'model-library', menu: 'model', path: 'model/library', label: '模型库', perms: ['model:read'], component: ModelsPage },
  { key: 'model-hits', menu: 'model', path: 'model/hits', label: '命中核查', perms: ['hit:review'], component: HitsPage },
  { key: 'model-runs', menu: 'model', path: 'model/runs', label: '运行记录', perms: ['model:read'], component: RunsPage },
  { key: 'model-builder', menu: 'model', path: 'model/builder', label: '模型构建器', perms: ['model:edit'], component: BuilderPage },
  { key: 'model-builder-edit', menu: 'model', path: 'model/builder/:id', label: '编辑自定义模型', perms: ['model:edit'], component: BuilderPage, parent: 'model-builder' },

  { key: 'hotline-orders', menu: 'hotline', path: 'hotline/orders', label: '工单列表', perms: ['hotline:read'], component: HotlineOrdersPage },
  { key: 'hotline-analysis', menu: 'hotline', path: 'hotline/analysis', label: '热线分析', perms: ['hotline:read'], component: HotlineAnalysisPage },
  { key: 'hotline-screening', menu: 'hotline', path: 'hotline/screening', label: '筛查移送', perms: ['hotline:read'], component: HotlineScreeningPage },
  { key: 'hotline-routing', menu: 'hotline', path: 'hotline/routing', label: '分类处置清单', perms: ['hotline:read'], component: HotlineRoutingPage },
  { key: 'hotline-classifier', menu: 'hotline', path: 'hotline/classifier', label: '诉求智能分类', perms: ['hotline:read'], component: HotlineClassifierPage },
  { key: 'hotline-publications', menu: 'hotline', path: 'hotline/publications', label: '督办公开', perms: ['hotline:publish'], component: HotlinePublicationsPage },
  { key: 'hotline-topics', menu: 'hotline', path: 'hotline/topics', label: '专项深办', perms: ['hotline:read'], component: HotlineTopicsPage },
  { key: 'hotline-order', menu: 'hotline', path: 'hotline/orders/:id', label: '工单', perms: ['hotline:read'], component: HotlineOrderPage, parent: 'hotline-orders' },

  { key: 'clues', menu: 'clue', path: 'clues', label: '线索台账', perms: ['clue:read'], component: CluesPage },
  { key: 'clue-new', menu: 'clue', path: 'clues/new', label: '登记线索', perms: ['clue:create'], component: ClueNewPage },
  { key: 'clue-detail', menu: 'clue', path: 'clues/:id', label: '线索详情', perms: ['clue:read'], component: ClueDetailPage, parent: 'clues' },

  { key: 'transfer-inbox', menu: 'transfer', path: 'transfers/inbox', label: '收到的移交', perms: ['transfer:receive'], component: InboxPage },
  { key: 'transfer-outbox', menu: 'transfer', path: 'transfers/outbox', label: '发出的移交', perms: ['transfer:receive'], component: OutboxPage },
  { key: 'transfer-cc', menu: 'transfer', path: 'transfers/cc', label: '抄送本单位', perms: ['transfer:receive'], component: CcPage },
  { key: 'transfer-detail', menu: 'transfer', path: 'transfers/:id', label: '移交详情', perms: ['transfer:receive'], component: TransferDetailPage, parent: 'transfer-inbox' },

  { key: 'rectify-ledger', menu: 'rectify', path: 'rectify/ledger', label: '整改台账', perms: ['rectify:read'], component: LedgerPage },
  { key: 'rectify-zero', menu: 'rectify', path: 'rectify/zero', label: '见底清零', perms: ['rectify:read'], component: ClearancePage },
  { key: 'rectify-item', menu: 'rectify', path: 'rectify/items/:id', label: '整改事项', perms: ['rectify:read'], component: LedgerItemPage, parent: 'rectify-ledger' },

  { key: 'account-decisions', menu: 'account', path: 'account/decisions', label: '问责处分', perms: ['account:read'], component: DecisionsPage },
  { key: 'account-proposals', menu: 'account', path: 'account/proposals', label: '问责建议', perms: ['account:read'], component: ProposalsPage },
  { key: 'account-forms', menu: 'account', path: 'account/forms', label: '四种形态统计', perms: ['account:read'], component: FormStatsPage },
  { key: 'account-care', menu: 'account', path: 'account/care', label: '容错纠错与回访', perms: ['account:read'], component: CarePage },

  { key: 'inspection-rounds', menu: 'inspection', path: 'inspection/rounds', label: '巡察轮次', perms: ['inspection:read'], component: RoundsPage },
  { key: 'inspection-letters', menu: 'inspection', path: 'inspection/letters', label: '建议书', perms: ['inspection:read', 'clue:dispose', 'rectify:read'], component: LettersPage },
  { key: 'inspection-round', menu: 'inspection', path: 'inspection/rounds/:id', label: '轮次详情', perms: ['inspection:read'], component: RoundPage, parent: 'inspection-rounds' },

  { key: 'collab-mechanisms', menu: 'collab', path: 'collab/mechanisms', label: '协作配合机制', perms: ['collab:read'], component: MechanismsPage },
  { key: 'collab-meetings', menu: 'collab', path: 'collab/meetings', label: '会商与联席会议', perms: ['collab:read'], component: MeetingsPage },
  { key: 'collab-tasks', menu: 'collab', path: 'collab/tasks', label: '议定事项', perms: ['collab:read'], component: TasksPage },
  { key: 'collab-wenzheng', menu: 'collab', path: 'collab/wenzheng', label: '问政', perms: ['collab:read'], component: WenzhengPage },
  { key: 'collab-priorities', menu: 'collab', path: 'collab/priorities', label: '监督重点清单', perms: ['collab:read'], component: PrioritiesPage },
  { key: 'collab-experts', menu: 'collab', path: 'collab/experts', label: '监督人才库', perms: ['collab:read'], component: ExpertsPage },
  { key: 'collab-campaigns', menu: 'collab', path: 'collab/campaigns', label: '专项监督', perms: ['collab:read'], component: CampaignsPage },
  { key: 'collab-campaign', menu: 'collab', path: 'collab/campaigns/:id', label: '专项详情', perms: ['collab:read'], component: CampaignPage, parent: 'collab-campaigns' },
  { key: 'collab-meeting', menu: 'collab', path: 'collab/meetings/:id', label: '会议详情', perms: ['collab:read'], component: MeetingPage, parent: 'collab-meetings' },

  { key: 'reports', menu: 'report', path: 'report/list', label: '报告报表', perms: ['report:read'], component: ReportsPage },

  { key: 'admin-users', menu: 'admin', path: 'admin/users', label: '用户管理', perms: ['admin:user'], component: UsersPage },
  { key: 'admin-orgs', menu: 'admin', path: 'admin/orgs', label: '组织机构', perms: ['admin:org'], component: OrgsPage },
  { key: 'admin-dicts', menu: 'admin', path: 'admin/dicts', label: '字典管理', perms: ['admin:dict'], component: DictsPage },
  { key: 'admin-calendar', menu: 'admin', path: 'admin/calendar', label: '工作日历', perms: ['admin:calendar'], component: CalendarPage },
  { key: 'admin-district-map', menu: 'admin', path: 'admin/district-map', label: '区划地图', perms: ['admin:settings'], component: DistrictMapPage },

  { key: 'security-users', menu: 'security', path: 'security/users', label: '账号授权与解锁', perms: ['security:role', 'security:unlock'], component: UsersPage },
  { key: 'security-roles', menu: 'security', path: 'security/roles', label: '角色与权限', perms: ['security:role'], component: RolesPage },
  { key: 'security-api-keys', menu: 'security', path: 'security/api-keys', label: '热线接口密钥', perms: ['security:keys'], component: HotlineApiKeysPage },

  { key: 'audit-events', menu: 'audit', path: 'audit/events', label: '审计日志', perms: ['audit:read'], component: AuditEventsPage },
  { key: 'audit-login-log', menu: 'audit', path: 'audit/login-log', label: '登录日志', perms: ['audit:read'], component: LoginLogPage },
];

export const pageByKey = (key: string) => PAGES.find((p) => p.key === key);
