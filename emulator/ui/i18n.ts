/**
 * Every string the console shows: the workbench, its render-error panel, the login error screen and the boot
 * error. Chinese is the vendor console's language and the default; English with `lang=en`. Vendor strings keep
 * the vendor's wording (状态更新失败 → "Status update failed").
 * `{name}` placeholders are filled by `t(key, { name })`; the compiler asks for exactly the names the string has.
 */
const zh = {
  // Far-left navigation (decorative)
  'nav.chat': '聊天',
  'nav.contacts': '联系人',
  'nav.docs': '文档',
  'nav.call': '音视频',
  'nav.tickets': '工单',
  'nav.settings': '设置',
  'nav.language': '语言',
  'nav.decorative': '模拟器未实现此页面',

  // Who is logged in (the avatar menu)
  'agent.menu': '当前登录：{name}',
  'agent.loggedIn': '当前登录的客服账号',

  // Categories
  'categories.title': '分类',
  'category.chatting': '进行中会话',
  'category.unread': '未读对话',
  'category.workgroup': '工作组会话',
  'category.agent': '一对一会话',
  'category.robot': '机器人会话',
  'category.group': '群聊会话',
  'category.member': '同事会话',
  'category.queuing': '排队中',
  'category.all': '全部会话',

  // Thread list
  'list.search': '搜索会话...',
  'list.fold': '折叠',
  'list.add': '新建',
  'list.empty': '暂无会话',
  'list.noMatch': '没有匹配的会话',
  'list.label': '会话列表',
  'preview.agent': '[一对一]',
  'preview.member': '[同事]',
  'preview.group': '[群聊]',
  'preview.robot': '[机器人]',
  'preview.workgroup': '[工作组]',

  // Status dropdown
  'status.AVAILABLE': '😀接待',
  'status.BUSY': '🏃‍♀️忙碌',
  'status.OFFLINE': '🔻下线',
  'status.REST': '☕休息',
  'status.AWAY': '🚶离开',
  'status.DISABLED': '⛔已停用',
  'status.label': '接待状态',

  // Queue
  'queue.button': '排队队列({n})',
  'queue.title': '排队中的访客',
  'queue.empty': '当前没有排队的访客',
  'queue.accept': '接入',
  'queue.waiting': '等待自 {time}',

  // Chat pane
  'chat.uid': '会话编号：#{uid}',
  'chat.transfer': '转接',
  'chat.more': '更多',
  'chat.end': '结束',
  'chat.edit': '编辑备注',
  'chat.placeholderTitle': '请从左侧选择一个会话',
  'chat.placeholderText': '新访客接入后会出现在会话列表中',
  'chat.loadMore': '加载更多',
  'chat.noMessages': '暂无消息',
  'chat.unreadBanner': '您有 {n} 条未读消息，点击查看',
  'chat.closeBanner': '关闭提示',
  'chat.input': '请输入内容, Ctrl+V 粘贴截图/图片',
  'chat.send': '发送',
  'chat.hintQueuing': '该访客正在排队，接入后才能回复',
  'chat.hintClosed': '会话已结束，无法继续发送消息',
  'chat.acceptNow': '立即接入',
  'chat.statusQueuing': '排队中',
  'chat.statusClosed': '已结束',
  'chat.newMessages': '{n}条新消息',
  'time.yesterday': '昨天',
  'tool.emoji': '表情',
  'tool.image': '图片',
  'tool.file': '文件',
  'tool.voice': '录音',
  'tool.video': '视频',
  'tool.autoReply': '自动回复',
  'tool.rate': '邀请评价',

  // End dialog
  'end.title': '确定要结束当前会话吗？',
  'end.body': '结束后访客需要重新发起咨询。',
  'end.cancel': '取消',
  'end.confirm': '确定',

  // Status bar
  'bar.logout': '退出登录',
  'bar.stats': '今日: {today} | 排队: {queue} | 接待: {chatting}',
  'bar.refresh': '刷新',
  'bar.version': '模拟器版',
  'bar.emulatorToggle': '模拟器面板',

  // Toasts (vendor strings)
  'toast.status.updating': '正在更新状态',
  'toast.status.ok': '状态更新成功',
  'toast.status.failed': '状态更新失败',
  'toast.call.failed': '操作失败',
  'toast.call.pending': '处理中…',
  'notice.dismiss': '关闭',

  // Emulator-only panels
  'emu.only': '仅模拟器 — 不属于厂商客服端 (Emulator only — not part of the vendor console)',
  'emu.close': '关闭模拟器面板',
  'inspector.title': '协议检查器',
  'inspector.framed': '已嵌入 iframe',
  'inspector.notFramed': '未嵌入 iframe：不发送任何消息 (not framed: posting nothing)',
  'inspector.worldLost': '重新加载后世界不会保留 (the world will not survive a reload): {why}',
  'inspector.filter': '按结果筛选',
  'inspector.all': '全部',
  'inspector.clear': '清空',
  'inspector.empty': '暂无消息往来',
  'inspector.shown': '显示最近 {shown} / {total} 条',
  'inspector.in': '收到（宿主 → 客服端）',
  'inspector.out': '发出（客服端 → 宿主）',
  'boot.document': '文档开始',
  'boot.delay': '启动延迟 {ms} ms',
  'boot.listener': '开始监听',
  'boot.ready': '就绪',
  'boot.firstCommand': '首条宿主命令',
  'boot.early': '就绪前到达的命令',
  'boot.chaos': '混沌模式：{chaos} — 不是厂商行为 (chaos: NOT vendor behaviour)',
  'sim.title': '模拟器控制',
  'sim.nickname': '昵称（可选）',
  'sim.content': '首条消息（可选）',
  'sim.type': '类型',
  'sim.typeRandom': '随机',
  'sim.newVisitor': '新访客',
  'sim.message': '消息内容（可选）',
  'sim.visitorMessage': '访客发消息（选中会话）',
  'sim.colleagueMessage': '同事消息',
  'sim.groupMessage': '群聊消息',
  'sim.close': '关闭选中会话',
  'sim.auto': '超时自动关闭',
  'sim.seed': '种子',
  'sim.scenario': '场景',
  'sim.reset': '重置世界',
  'sim.autopilot': '自动驾驶（访客自动到来）',
  'sim.params': '延迟 {latency} ms · 失败调用: {fail} · 时钟 {clock}',
  'sim.none': '无',
  'sim.noSelection': '请先在会话列表中选中一个会话',
  'sim.routedAway': '客服已下线：访客 {name} 被路由到别处，未进入列表',
  'sim.created': '已创建 {name}（{status}）',
  'sim.sent': '已发送到 {name}',
  'sim.closed': '已关闭 {name}',
  'sim.resetDone': '已重置：种子 {seed}，场景 {scenario}',
  'error.prefix': '被拒绝：',

  // Render-error panel (ErrorBoundary)
  'renderError.title': '工作台渲染出错',
  'renderError.hint': '模拟世界和与宿主页面的通信仍在运行。可以重试，或重置模拟世界（清除保存的会话）。',
  'renderError.retry': '重试',
  'renderError.reset': '重置模拟世界',

  // Login error screen (auth/ErrorScreen)
  'login.malformed': '登录失败：令牌格式错误',
  'login.expired': '登录失败：令牌已过期',
  'login.signature': '登录失败：令牌签名无效',
  'login.unsupported': '登录失败：不支持的签名算法',
  'login.fallback': '登录失败',
  'login.expiredAt': '令牌已于 {when} 过期。',
  'login.hint': '请从接入系统获取新的 accessToken 后重新打开链接。',
  'login.continue': '以演示客服身份继续',

  // Boot error (main.tsx)
  'boot.title': '模拟客服端无法启动',
  'boot.again': '重新打开工作台',
} as const;

export type Key = keyof typeof zh;

/** The `{name}`s of a string, as a union of names (never for none). */
type Placeholders<Text extends string> = Text extends `${string}{${infer Name}}${infer Rest}`
  ? Name | Placeholders<Rest>
  : never;
/** What `t(key, …)` takes after the key: nothing for a plain string, else a value for each placeholder. */
export type VarsOf<K extends Key> = [Placeholders<(typeof zh)[K]>] extends [never]
  ? []
  : [vars: Record<Placeholders<(typeof zh)[K]>, string | number>];

export type Lang = 'zh' | 'en';

// English is loaded only when asked for, to keep it out of the initial bundle.
const dictionaries: Partial<Record<Lang, Record<Key, string>>> = { zh };
let current: Lang = 'zh';

/** Fetches a language's strings; boot awaits it before the first render. */
export async function loadLang(lang: Lang): Promise<void> {
  if (lang === 'en') dictionaries.en ??= (await import('./i18n-en')).en;
}

/** Chosen once at boot from the `lang` parameter (after `loadLang`; unloaded falls back to Chinese). */
export function setLang(lang: Lang): void {
  current = lang;
}

/** A string in the given language (after `loadLang`; unloaded falls back to Chinese). */
export function translate<K extends Key>(lang: Lang, key: K, ...[vars]: VarsOf<K>): string {
  const text = (dictionaries[lang] ?? zh)[key];
  if (!vars) return text;
  const values: Record<string, string | number> = vars;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

/** A string in the console's language. */
export function t<K extends Key>(key: K, ...vars: VarsOf<K>): string {
  return translate(current, key, ...vars);
}
