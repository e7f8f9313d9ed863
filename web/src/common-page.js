// Pages with nothing of their own (the 404 page) still get the header search.
import { initHeader } from "./common.js";

initHeader();
