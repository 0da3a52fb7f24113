#!/usr/bin/env node
console.log('exlic');
