import{m as i}from"./chunk-ELOGYCKN.js";i();
