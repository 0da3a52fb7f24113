// The export licence portal (出口许可证) of the Single Window's manual, as a Vue 3 application on exlic.
import { createApp } from 'vue';
import App from './App.vue';
import './style.css';

createApp(App).mount('#app');
