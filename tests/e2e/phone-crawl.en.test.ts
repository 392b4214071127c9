import { describeEveryPageOnAPhone } from "./phone-crawl";

describeEveryPageOnAPhone("en");
