/**
 * Every string the workbench shows. Chinese is the vendor console's language and the default; English with
 * `lang=en`. Vendor strings keep the vendor's wording (状态更新失败 → "Status update failed").
 * `{name}` placeholders are filled by `t(key, { name })`.
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
  'inspector.filter': '按结果筛选',
  'inspector.all': '全部',
  'inspector.clear': '清空',
  'inspector.empty': '暂无消息往来',
  'inspector.shown': '显示最近 {shown} / {total} 条',
  'inspector.in': '收到（宿主 → 客服端）',
  'inspector.out': '发出（客服端 → 宿主）',
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
} as const;

export type Key = keyof typeof zh;

export type Lang = 'zh' | 'en';

// English is loaded only when asked for, to keep it out of the initial bundle.
const dictionaries: Partial<Record<Lang, Record<Key, string>>> = { zh };
let current: Lang = 'zh';

/** Fetches a language's strings; boot awaits it before the first render. */
export async function loadLang(lang: Lang): Promise<void> {
  if (lang === 'en') dictionaries.en ??= (await import('./i18n-en')).en;
}

/** Chosen once at startup from the `lang` parameter (after `loadLang`; unloaded falls back to Chinese). */
export function setLang(lang: Lang): void {
  current = lang;
}

export function getLang(): Lang {
  return current;
}

export function t(key: Key, vars?: Record<string, string | number>): string {
  const text = (dictionaries[current] ?? zh)[key];
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}
