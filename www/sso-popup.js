// The check page's pop-up test window: it opened, which is what the test wanted to know.
window.close();
