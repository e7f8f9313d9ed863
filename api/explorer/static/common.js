import{m as i}from"./chunk-IEHEP6DA.js";i();
