import{m as i}from"./chunk-QYVWEIT3.js";i();
