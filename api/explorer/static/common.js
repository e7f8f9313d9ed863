import{m as i}from"./chunk-QSE3YHMH.js";i();
