/** Words the simulated people use. Plain data, picked by the seeded generator. */
export const PROVINCES = ['北京', '上海', '广东', '浙江', '江苏', '四川', '湖北', '山东', '福建', '河南'];

export const VISITOR_LINES = [
  '你好，请问有人在吗？',
  '我的订单还没有发货，能帮我查一下吗？',
  '怎么申请退款？',
  '发票可以开专票吗？',
  '你们的产品支持私有化部署吗？',
  '价格方面有优惠吗？',
  '我登录不上了，一直提示密码错误',
  '好的，谢谢',
  '多久能到货？',
  '可以帮我改一下收货地址吗？',
];

export const AGENT_GREETING = '您好，请问有什么可以帮助您？';

export const COLLEAGUE_LINES = ['这个客户之前咨询过，帮忙跟进一下', '下午三点开会', '工单已经处理了', '收到'];

export const COLLEAGUE_NAMES = ['张伟', '李娜', '王芳', '刘洋'];

export const GROUP_NAMES = ['客服一组', '售后技术群'];

export const WORKGROUP_NAMES = ['售前工作组', '售后工作组'];

export const CLOSED_BY_AGENT = '已被客服关闭';
export const CLOSED_AUTOMATICALLY = '已自动关闭';

/**
 * What the server writes into a new thread's content when it routes it (S13: setContent(welcome/queue/offline));
 * the wording is the emulator's (mock choice), the vendor's is per-workgroup configuration.
 */
export const WELCOME_TEXT = '您好，有什么可以帮您？';
export const QUEUE_TEXT = '当前排队人数较多，请耐心等待';
export const OFFLINE_TEXT = '当前无客服在线，请留言';
