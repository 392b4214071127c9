import { describeEveryPageOnAPhone } from "./phone-crawl";

describeEveryPageOnAPhone("zh-CN");
