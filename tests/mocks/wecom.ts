import { http, HttpResponse } from "msw";

/**
 * WeCom (企业微信) group-robot webhook, as msw handlers: records each message posted with the
 * right key and answers like WeCom does (HTTP 200, `errcode` 0 on success). Tests point
 * WECOM_WEBHOOK_URL at `WECOM_TEST_URL`.
 */
export const WECOM_TEST_KEY = "test-robot-key";
export const WECOM_TEST_URL = `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${WECOM_TEST_KEY}`;

export const wecom = {
  /** The JSON bodies received, in order. */
  messages: [] as unknown[],
  /** Answer this many next messages with WeCom's rate-limit error instead of accepting them. */
  refuseNext: 0,
  reset() {
    this.messages = [];
    this.refuseNext = 0;
  },
};

export const wecomHandlers = [
  http.post("https://qyapi.weixin.qq.com/cgi-bin/webhook/send", async ({ request }) => {
    if (new URL(request.url).searchParams.get("key") !== WECOM_TEST_KEY)
      return HttpResponse.json({ errcode: 93000, errmsg: "invalid webhook url" });
    if (request.headers.get("content-type") !== "application/json")
      return HttpResponse.json({ errcode: 40008, errmsg: "invalid message type" });
    if (wecom.refuseNext > 0) {
      wecom.refuseNext -= 1;
      return HttpResponse.json({ errcode: 45009, errmsg: "api freq out of limit" });
    }
    wecom.messages.push(await request.json());
    return HttpResponse.json({ errcode: 0, errmsg: "ok" });
  }),
];
